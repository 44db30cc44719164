namespace JobFair.Server.Features.Accounts;

/// <summary>Where each kind of user starts after signing in: the page that lists what awaits them.</summary>
public static class StartPages
{
    /// <summary>For an account without a role yet: claim a student identity or register an employer.</summary>
    public const string NoRole = "/welcome";

    /// <summary>The start page of a user with these roles (the most senior role wins).</summary>
    public static string For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(Roles.Admin)) return "/admin";
        if (set.Contains(Roles.Centre)) return "/centre";
        if (set.Contains(Roles.Counsellor)) return "/counsellor";
        if (set.Contains(Roles.Recruiter)) return "/employer";
        if (set.Contains(Roles.Student)) return "/me";
        return NoRole;
    }

    /// <summary>Sign-in, registration and sign-out pages: never a place to come back to after signing in.</summary>
    public static bool IsAccountPage(string localUrl)
    {
        var path = localUrl.Split('?', '#')[0];
        return path is "/login" or "/register" or "/logout";
    }
}
