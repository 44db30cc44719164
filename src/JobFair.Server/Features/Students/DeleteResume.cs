using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>
/// A student removes a resume from their list. The file stays: what an employer received stays
/// what it was, and its owner's centre may still read it.
/// </summary>
public sealed class DeleteResume(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal NotFound = Refusal.NotFound("resume");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/students/me/resumes/{id:guid}", (Guid id, CurrentUser caller, DeleteResume delete, CancellationToken ct) =>
                delete.RunAsync(caller, id, ct).ToNoContent())
            .RequireAuthorization(Policies.Student)
            .Refuses(StudentCaller.NotStudent, NotFound)
            .WithSummary("Remove a resume from the caller's list; employers keep what they already received.");

    public async Task<Refusal?> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var now = time.GetUtcNow();
        var deleted = await db.Resumes.Where(r => r.Id == id && r.StudentId == studentId && r.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, now), ct);
        return deleted == 0 ? NotFound : null;
    }
}
