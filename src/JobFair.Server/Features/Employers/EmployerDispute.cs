using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

/// <summary>
/// An employer was suspended (true) or reinstated (false) by the admin: its postings leave or
/// rejoin every fair's lists, so the fairs it takes part in are counted again.
/// </summary>
public sealed record EmployerStandingChanged(Guid EmployerId, bool Suspended) : IDomainEvent;

/// <summary>The admin moved an employer to another account: <paramref name="RecruiterId"/> is now its only recruiter.</summary>
public sealed record EmployerTransferred(Guid EmployerId, Guid RecruiterId, IReadOnlyList<Guid> RemovedRecruiterIds) : IDomainEvent;

/// <summary>
/// An employer as the admin sees it when a registration is disputed: its credit code, whether it is
/// suspended and why, and who recruits for it.
/// </summary>
public sealed record AdminEmployerResponse(Guid Id, string Name, string CreditCode, string Industry, string City, string Size,
    DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt, string? SuspensionReason, IReadOnlyList<GetMyEmployer.Recruiter> Recruiters)
{
    public static async Task<AdminEmployerResponse?> LoadAsync(JobFairDb db, Guid id, CancellationToken ct)
    {
        var employer = await db.Employers.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (employer is null) return null;
        var recruiters = await db.Users.Where(u => u.EmployerId == id).OrderBy(u => u.Email)
            .Select(u => new GetMyEmployer.Recruiter(u.Id, u.Email!)).ToListAsync(ct);
        return new AdminEmployerResponse(employer.Id, employer.Name, employer.CreditCode, employer.Industry, employer.City, employer.Size,
            employer.CreatedAt, employer.SuspendedAt, employer.SuspensionReason, recruiters);
    }
}

/// <summary>The admin reads one employer with its credit code, standing and recruiters.</summary>
public sealed class GetEmployerForAdmin(JobFairDb db) : IUseCase
{
    public static readonly Refusal NotFound = Refusal.NotFound("employer");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/employers/{id:guid}", (Guid id, GetEmployerForAdmin get, CancellationToken ct) => get.RunAsync(id, ct).ToOk())
            .RequireAuthorization(Policies.Admin)
            .Refuses(NotFound)
            .WithSummary("Admin: an employer with its credit code, suspension and recruiters.");

    public async Task<Outcome<AdminEmployerResponse>> RunAsync(Guid id, CancellationToken ct) =>
        await AdminEmployerResponse.LoadAsync(db, id, ct) is { } employer ? employer : NotFound;
}
