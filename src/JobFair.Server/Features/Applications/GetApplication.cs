using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Applications;

/// <summary>
/// A recruiter opens one application to their employer: the applicant, every step it has taken
/// (with the notes written on the way) and the steps the recruiter may take next.
/// </summary>
public sealed class GetApplication(JobFairDb db) : IUseCase
{
    public sealed record Step(string From, string To, string ByRole, string? Note, DateTimeOffset At);

    /// <summary><see cref="Next"/>: the statuses the recruiter may move it to (<c>interview_invited</c> through the invite route).</summary>
    public sealed record Response(ListApplications.Item Application, IReadOnlyList<Step> History, IReadOnlyList<string> Next);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/employers/me/applications/{id:guid}", (Guid id, CurrentUser caller, GetApplication get, CancellationToken ct) =>
                get.ForEmployerAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RecruiterCaller.NotRecruiter, Refusal.NotFound("application"))
            .WithSummary("One application to the caller's employer, with its history and the recruiter's possible next steps.");

    public async Task<Outcome<Response>> ForEmployerAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        // Another employer's application is as unknown as one that does not exist.
        var found = await ListApplications.ItemsAsync(db, db.Applications.Where(a => a.Id == id && a.EmployerId == employerId), ct);
        if (found.Count == 0) return Refusal.NotFound("application");
        var history = await db.ApplicationTransitions.AsNoTracking().Where(t => t.ApplicationId == id)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new Step(t.FromStatus, t.ToStatus, t.ByRole, t.Note, t.At))
            .ToListAsync(ct);
        return new Response(found[0], history, ApplicationTransitions.Next(Roles.Recruiter, found[0].Status));
    }
}
