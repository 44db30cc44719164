using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>The caller's own student profile, phone number included (it is shown to nobody else but their centre).</summary>
public sealed record StudentProfile(Guid Id, Guid UniversityId, string UniversityName, string StudentNo, string Name, string Major,
    string Degree, int GraduationYear, string? Phone);

/// <summary>A signed-in user reads the student profile they claimed.</summary>
public sealed class GetStudentProfile(JobFairDb db) : IUseCase
{
    public static readonly Refusal NoProfile = Refusal.NotFound("student profile");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/students/me", (CurrentUser caller, GetStudentProfile get, CancellationToken ct) => get.RunAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(NoProfile)
            .WithSummary("The caller's student profile.");

    public async Task<Outcome<StudentProfile>> RunAsync(CurrentUser caller, CancellationToken ct) =>
        await caller.StudentIdAsync(ct) is { } id ? await LoadAsync(db, id, ct) : NoProfile;

    internal static Task<StudentProfile> LoadAsync(JobFairDb db, Guid studentId, CancellationToken ct) =>
        db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Join(db.Universities, s => s.UniversityId, u => u.Id, (s, u) => new StudentProfile(s.Id, s.UniversityId, u.Name, s.StudentNo,
                s.Name, s.Major, s.Degree, s.GraduationYear, s.Phone))
            .SingleAsync(ct);
}
