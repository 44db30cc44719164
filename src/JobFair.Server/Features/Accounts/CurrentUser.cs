using System.Security.Claims;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// The caller as the database knows them now. Roles come from the token (the contract: a token
/// carries the roles it was issued with); which university or employer they act for is read
/// from the database, so a stale token never acts for the wrong organisation.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, JobFairDb db)
{
    private Caller? _caller;

    /// <summary>
    /// The caller of a hub connection. Hub methods do not run in the flow of the request that
    /// opened the connection, where <see cref="IHttpContextAccessor"/> looks, so the connection's
    /// principal is given directly.
    /// </summary>
    public static CurrentUser ForConnection(ClaimsPrincipal? principal, JobFairDb db) =>
        new(new ConnectionContext(principal ?? new ClaimsPrincipal()), db);

    private sealed class ConnectionContext(ClaimsPrincipal principal) : IHttpContextAccessor
    {
        private readonly HttpContext _context = new DefaultHttpContext { User = principal };

        public HttpContext? HttpContext
        {
            get => _context;
            set => throw new NotSupportedException("A connection's caller is fixed.");
        }
    }

    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid? Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsIn(string role) => Principal.IsInRole(role);

    public async Task<Caller?> GetAsync(CancellationToken ct)
    {
        if (_caller is not null || Id is not { } id) return _caller;
        _caller = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new Caller(u.Id, u.Email!, u.UniversityId, u.EmployerId, u.TimeZone))
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

public sealed record Caller(Guid Id, string Email, Guid? UniversityId, Guid? EmployerId, string? TimeZone)
{
    /// <summary>The zone this caller's times are shown in: their own, or the platform's default.</summary>
    public TimeZoneInfo Zone => TimeZones.Find(TimeZone);
}
