namespace JobFair.Server.Features.Accounts;

/// <summary>
/// Named authorization policies. Each route says which one it needs where it is mapped
/// (<c>.RequireAuthorization(Policies.Student)</c>); the role comes from the caller's token or cookie.
/// </summary>
public static class Policies
{
    public const string SignedIn = "signed-in";
    public const string Student = Roles.Student;
    public const string Recruiter = Roles.Recruiter;
    public const string Centre = Roles.Centre;
    public const string Admin = Roles.Admin;
    public const string Counsellor = Roles.Counsellor;

    public static IServiceCollection AddJobFairPolicies(this IServiceCollection services) =>
        services.AddEmployerStanding().AddAuthorizationBuilder()
            // A recruiter of a suspended employer passes neither (EmployerStanding).
            .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().AddRequirements(EmployerStanding.Requirement))
            .AddPolicy(Student, p => p.RequireRole(Roles.Student))
            .AddPolicy(Recruiter, p => p.RequireRole(Roles.Recruiter).AddRequirements(EmployerStanding.Requirement))
            .AddPolicy(Centre, p => p.RequireRole(Roles.Centre))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Counsellor, p => p.RequireRole(Roles.Counsellor))
            .Services;
}
