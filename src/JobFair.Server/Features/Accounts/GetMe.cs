namespace JobFair.Server.Features.Accounts;

/// <summary>Who the caller is, with the roles and linked ids the database holds now (not those of the token).</summary>
public sealed class GetMe(JobFairDb db) : IUseCase
{
    public sealed record Response(
        Guid UserId, string Email, IReadOnlyList<string> Roles,
        Guid? StudentId, Guid? EmployerId, Guid? UniversityId, string TimeZone);

    /// <summary>A token outlives its account: a deleted user is as unknown as an anonymous one.</summary>
    public static readonly Refusal AccountGone = Refusal.Unauthenticated("This account no longer exists.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/me", (CurrentUser caller, GetMe getMe, CancellationToken ct) => getMe.RunAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(AccountGone)
            .WithSummary("Who the caller is, with roles and linked ids read from the database.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, CancellationToken ct)
    {
        if (caller.Id is not { } userId) return Refusal.Unauthenticated();
        var me = await db.Users.Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id, u.Email, u.UniversityId, u.EmployerId, u.TimeZone,
                StudentId = db.Students.Where(s => s.UserId == u.Id).Select(s => (Guid?)s.Id).FirstOrDefault(),
                StudentUniversityId = db.Students.Where(s => s.UserId == u.Id).Select(s => (Guid?)s.UniversityId).FirstOrDefault(),
                Roles = db.UserRoles.Where(r => r.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (me is null) return AccountGone;
        // A student's university is the one of their roster row; staff carry theirs on the account.
        return new Response(me.Id, me.Email!, me.Roles.Order(StringComparer.Ordinal).ToList(),
            me.StudentId, me.EmployerId, me.UniversityId ?? me.StudentUniversityId, me.TimeZone ?? TimeZones.Default);
    }
}
