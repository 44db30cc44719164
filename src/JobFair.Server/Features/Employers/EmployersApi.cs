using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

internal static class EmployersApi
{
    public static void MapEmployers(this IEndpointRouteBuilder app)
    {
        var signedIn = app.MapGroup("").WithTags("Employers").RequireAuthorization();
        var recruiters = app.MapGroup("").WithTags("Employers").RequireAuthorization(p => p.RequireRole(Roles.Recruiter));
        RegisterEmployer.Map(signedIn);
        RecruiterInvitations.Map(signedIn, recruiters);
        recruiters.MapGet("/api/employers/me", GetMine).WithSummary("The caller's employer and its recruiters.");
        app.MapGet("/api/employers/{id:guid}", Get).WithTags("Employers").WithSummary("An employer's public profile.");
    }

    public sealed record Recruiter(Guid UserId, string Email);
    public sealed record MyEmployer(EmployerResponse Employer, IReadOnlyList<Recruiter> Recruiters);

    private static async Task<Results<Ok<MyEmployer>, ProblemHttpResult>> GetMine(CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter.ToProblem();
        var employer = await db.Employers.AsNoTracking().SingleAsync(e => e.Id == employerId, ct);
        var recruiters = await db.Users.Where(u => u.EmployerId == employerId).OrderBy(u => u.Email)
            .Select(u => new Recruiter(u.Id, u.Email!)).ToListAsync(ct);
        return TypedResults.Ok(new MyEmployer(EmployerResponse.From(employer), recruiters));
    }

    public sealed record PublicEmployer(Guid Id, string Name, string Industry, string City, string Size);

    private static async Task<Results<Ok<PublicEmployer>, ProblemHttpResult>> Get(Guid id, JobFairDb db, CancellationToken ct) =>
        await db.Employers.AsNoTracking().Where(e => e.Id == id)
                .Select(e => new PublicEmployer(e.Id, e.Name, e.Industry, e.City, e.Size)).SingleOrDefaultAsync(ct) is { } employer
            ? TypedResults.Ok(employer)
            : Problem.NotFound("employer");
}

internal static class Problems
{
    public static ProblemHttpResult NotRecruiter =>
        Problem.Forbidden("not_recruiter", "Only a recruiter linked to an employer may do this.");
}
