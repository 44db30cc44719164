using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

/// <summary>A recruiter sees their employer and everyone who recruits for it.</summary>
public sealed class GetMyEmployer(JobFairDb db) : IUseCase
{
    public sealed record Recruiter(Guid UserId, string Email);
    public sealed record Response(EmployerResponse Employer, IReadOnlyList<Recruiter> Recruiters);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/employers/me", (CurrentUser caller, GetMyEmployer get, CancellationToken ct) => get.RunAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RecruiterCaller.NotRecruiter)
            .WithSummary("The caller's employer and its recruiters.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, CancellationToken ct)
    {
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var employer = await db.Employers.AsNoTracking().SingleAsync(e => e.Id == employerId, ct);
        var recruiters = await db.Users.Where(u => u.EmployerId == employerId).OrderBy(u => u.Email)
            .Select(u => new Recruiter(u.Id, u.Email!)).ToListAsync(ct);
        return new Response(EmployerResponse.From(employer), recruiters);
    }
}
