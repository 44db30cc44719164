using System.Security.Claims;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// The caller as the database knows them now, built from the principal of a request, a page or a
/// hub connection. Roles come from the token or cookie (the contract: a token carries the roles it
/// was issued with); which university or employer they act for is read from the database, so a
/// stale token never acts for the wrong organisation.
/// </summary>
public sealed class CurrentUser(ClaimsPrincipal principal, JobFairDb db)
{
    private Caller? _caller;

    public static CurrentUser For(ClaimsPrincipal? principal, JobFairDb db) => new(principal ?? new ClaimsPrincipal(), db);

    /// <summary>Minimal APIs bind a <c>CurrentUser</c> parameter from the request's principal.</summary>
    public static ValueTask<CurrentUser?> BindAsync(HttpContext http) =>
        ValueTask.FromResult<CurrentUser?>(For(http.User, http.RequestServices.GetRequiredService<JobFairDb>()));

    /// <summary>The request's database context, for capabilities' own questions about the caller.</summary>
    internal JobFairDb Db => db;

    public ClaimsPrincipal Principal => principal;

    public Guid? Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsIn(string role) => Principal.IsInRole(role);

    public async Task<Caller?> GetAsync(CancellationToken ct)
    {
        if (_caller is not null || Id is not { } id) return _caller;
        // The one place a recruiter's employer is resolved: while it is suspended they act for none
        // (so every use case treats them as no recruiter), and the policies refuse them first with
        // employer_suspended (EmployerStanding).
        _caller = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Id, u.Email, u.UniversityId, u.EmployerId, u.TimeZone,
                Suspended = db.Employers.Any(e => e.Id == u.EmployerId && e.SuspendedAt != null) })
            .Select(u => new Caller(u.Id, u.Email!, u.UniversityId, u.Suspended ? null : u.EmployerId, u.TimeZone) { EmployerSuspended = u.Suspended })
            .SingleOrDefaultAsync(ct);
        return _caller;
    }

    /// <summary>The zone this caller's times are shown in (the default one for anonymous callers).</summary>
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken ct) => (await GetAsync(ct))?.Zone ?? TimeZones.Find(null);

    /// <summary>The university a <c>centre</c> caller works for, or null.</summary>
    public async Task<Guid?> CentreUniversityAsync(CancellationToken ct) =>
        IsIn(Roles.Centre) ? (await GetAsync(ct))?.UniversityId : null;

    /// <summary>The employer a <c>recruiter</c> caller recruits for, or null.</summary>
    public async Task<Guid?> EmployerAsync(CancellationToken ct) =>
        IsIn(Roles.Recruiter) ? (await GetAsync(ct))?.EmployerId : null;
}

/// <summary>The caller as stored; <see cref="EmployerId"/> is null while their employer is suspended.</summary>
public sealed record Caller(Guid Id, string Email, Guid? UniversityId, Guid? EmployerId, string? TimeZone)
{
    /// <summary>The caller recruits for an employer that the admin has suspended.</summary>
    public bool EmployerSuspended { get; init; }

    /// <summary>The zone this caller's times are shown in: their own, or the platform's default.</summary>
    public TimeZoneInfo Zone => TimeZones.Find(TimeZone);
}
