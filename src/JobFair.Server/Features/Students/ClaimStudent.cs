using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Students;

public sealed record StudentVerified(Guid StudentId, Guid UniversityId, Guid UserId) : IDomainEvent;

/// <summary>
/// A signed-in user becomes a student by claiming the unclaimed roster row with their student
/// number, name and the row's one-time activation code from their career centre; a student claims
/// again (no code needed) to update their phone.
/// </summary>
public sealed class ClaimStudent(JobFairDb db, TimeProvider time, IValidator<ClaimStudent.Request> validator) : IUseCase
{
    public sealed record Request(Guid UniversityId, string StudentNo, string Name, string? Major, string? Degree,
        int? GraduationYear, string? Phone, string? ActivationCode);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.UniversityId).NotEmpty();
            RuleFor(r => r.StudentNo).NotEmpty().MaximumLength(32);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(50);
            RuleFor(r => r.Major).MaximumLength(100);
            RuleFor(r => r.Degree).Must(d => d is null || Degrees.All.Contains(d)).WithMessage("degree must be associate, bachelor, master or doctor");
            RuleFor(r => r.Phone).Matches(@"^\+?[0-9][0-9 \-]{5,18}$").When(r => r.Phone is not null)
                .WithMessage("phone must be a telephone number");
            RuleFor(r => r.ActivationCode).MaximumLength(32);
        }
    }

    public static readonly Refusal AlreadyStudent = Refusal.Conflict("already_student", "This account is already verified as another student.");
    public static readonly Refusal CodeRequired = Refusal.Invalid("activationCode", "Give the activation code your career centre sent you.");

    /// <summary>
    /// Every reason a claim fails gets this one answer (an unknown number, another name, a wrong,
    /// used or expired code, a row someone claimed), so that claims cannot be used to find out
    /// which student numbers exist or who has claimed theirs.
    /// </summary>
    public static readonly Refusal Refused = Refusal.Forbidden("claim_refused",
        "These details do not match an unclaimed row of this university's roster with this activation code; check them, or ask your career centre for a new code.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/students/me", (Request request, CurrentUser caller, ClaimStudent claim, CancellationToken ct) =>
                claim.RunAsync(caller, request, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .RequireRateLimiting(RateLimits.Claims)
            .Refuses(Refusal.Invalid("studentNo", "required"), CodeRequired, Refused, AlreadyStudent, RoleGrants.AlreadyHasRole,
                RateLimits.TooMany)
            .WithSummary("Claim the caller's row on their university's roster with student number, name and the row's one-time " +
                         "activation code; the caller becomes a student. Any mismatch is the same 403 claim_refused.");

    public async Task<Outcome<StudentProfile>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (caller.Id is not { } userId) return Refusal.Unauthenticated();
        var now = time.GetUtcNow();
        var studentNo = request.StudentNo.Trim();
        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        var mine = await db.Students.SingleOrDefaultAsync(s => s.UserId == userId, ct);
        if (mine is not null)
        {
            if (mine.UniversityId != request.UniversityId || mine.StudentNo != studentNo) return AlreadyStudent;
            mine.Phone = phone;
            mine.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return await GetStudentProfile.LoadAsync(db, mine.Id, ct);
        }
        // Someone with another role is told so before their details are looked at, so they learn nothing about them.
        if (await db.UserRoles.AnyAsync(r => r.UserId == userId, ct) || (await caller.GetAsync(ct))?.UniversityId is not null)
            return RoleGrants.AlreadyHasRole;
        if (string.IsNullOrWhiteSpace(request.ActivationCode)) return CodeRequired;

        // One conditional update decides: nothing is read first, so whatever does not match (the
        // number, the name, the code, its expiry, the row being free) costs the same and says the same.
        var code = ActivationCodes.Hash(request.UniversityId, studentNo, request.ActivationCode);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        List<Guid> claimed;
        try
        {
            claimed = await db.Database.SqlQuery<Guid>($"""
                UPDATE students
                SET user_id = {userId}, claimed_at = {now}, phone = {phone}, updated_at = {now},
                    activation_code_hash = NULL, activation_code_expires_at = NULL
                WHERE university_id = {request.UniversityId} AND student_no = {studentNo} AND released_at IS NULL
                  AND user_id IS NULL AND name = {request.Name.Trim()}
                  AND activation_code_hash = {code} AND activation_code_expires_at > {now}
                RETURNING id AS "Value"
                """).ToListAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.IsUniqueViolation(StudentConfiguration.OnePerAccount))
        {
            // The same account claimed another row meanwhile (two claims racing from one user).
            return AlreadyStudent;
        }
        if (claimed is not [var studentId]) return Refused;
        if (!await db.TryGrantFirstRoleAsync(userId, Roles.Student, null, ct)) return RoleGrants.AlreadyHasRole;
        db.Publish(new StudentVerified(studentId, request.UniversityId, userId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetStudentProfile.LoadAsync(db, studentId, ct);
    }
}
