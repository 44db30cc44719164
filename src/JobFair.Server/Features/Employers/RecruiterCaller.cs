namespace JobFair.Server.Features.Employers;

/// <summary>Refusals of the employer side that several capabilities share.</summary>
public static class RecruiterCaller
{
    public static readonly Refusal NotRecruiter = Refusal.Forbidden("not_recruiter", "Only a recruiter linked to an employer may do this.");
}
