namespace JobFair.Server.Features.Accounts;

public static class RoleGrants
{
    /// <summary>A user has one role for good: the refusal when they try to take a second.</summary>
    public static readonly Refusal AlreadyHasRole = Refusal.Forbidden("already_has_role", "This account already has a role.");

    /// <summary>
    /// Links a user who has no role yet to an organisation and gives them the role, in the
    /// caller's transaction. The conditional update makes two racing claims end with one winner;
    /// false means the user already had a role.
    /// </summary>
    public static async Task<bool> TryGrantFirstRoleAsync(this JobFairDb db, Guid userId, string role,
        Guid? employerId, CancellationToken ct)
    {
        // Lock the user first: the conditional update below then runs on a fresh snapshot and sees a
        // role that a racing request has just committed (a blocked UPDATE alone would not).
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", ct);
        var linked = await db.Users
            .Where(u => u.Id == userId && u.EmployerId == null && u.UniversityId == null &&
                        !db.UserRoles.Any(r => r.UserId == u.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmployerId, employerId), ct);
        if (linked == 0) return false;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_roles (user_id, role_id) SELECT {userId}, id FROM roles WHERE name = {role}
            """, ct);
        return true;
    }
}
