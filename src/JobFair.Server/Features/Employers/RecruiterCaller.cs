namespace JobFair.Server.Features.Employers;

/// <summary>Refusals of the employer side that several capabilities share.</summary>
public static class RecruiterCaller
{
    public static readonly Refusal NotRecruiter = Refusal.Forbidden("not_recruiter", "Only a recruiter linked to an employer may do this.");

    /// <summary>What every route answers a recruiter of a suspended employer (the policies give it: see EmployerStanding).</summary>
    public static readonly Refusal EmployerSuspended = Refusal.Forbidden("employer_suspended",
        "Your employer is suspended by the platform's operator; nothing can be done for it until it is reinstated.");
}
