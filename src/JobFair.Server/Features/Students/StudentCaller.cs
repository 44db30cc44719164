using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>"Is this caller a student, and which one": the question most student use cases start with.</summary>
public static class StudentCaller
{
    public static readonly Refusal NotStudent =
        Refusal.Forbidden("not_student", "Only a verified student may do this; claim your roster row first (PUT /api/students/me).");

    /// <summary>The caller's student row, or null for anyone who has not claimed one.</summary>
    public static Task<Guid?> StudentIdAsync(this CurrentUser caller, CancellationToken ct) =>
        caller.Id is not { } userId
            ? Task.FromResult<Guid?>(null)
            : caller.Db.Students.Where(s => s.UserId == userId).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct);
}
