using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Students;

public sealed record StudentVerified(Guid StudentId, Guid UniversityId, Guid UserId) : IDomainEvent;

/// <summary>
/// A signed-in user becomes a student by claiming the unclaimed roster row with their student
/// number and name; a student claims again to update their phone.
/// </summary>
public sealed class ClaimStudent(JobFairDb db, TimeProvider time, IValidator<ClaimStudent.Request> validator) : IUseCase
{
    public sealed record Request(Guid UniversityId, string StudentNo, string Name, string? Major, string? Degree,
        int? GraduationYear, string? Phone);

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
        }
    }

    public static readonly Refusal AlreadyStudent = Refusal.Conflict("already_student", "This account is already verified as another student.");
    public static readonly Refusal NotOnRoster = new(StatusCodes.Status404NotFound, "not_on_roster",
        "No graduate with this student number and name is on this university's roster; ask your career centre.");
    public static readonly Refusal AlreadyClaimed =
        Refusal.Conflict("already_claimed", "This roster row has already been claimed; ask your career centre if it was not you.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/students/me", (Request request, CurrentUser caller, ClaimStudent claim, CancellationToken ct) =>
                claim.RunAsync(caller, request, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("studentNo", "required"), NotOnRoster, AlreadyStudent, AlreadyClaimed, RoleGrants.AlreadyHasRole)
            .WithSummary("Claim the caller's row on their university's roster (student number and name must match); the caller becomes a student.");

    public async Task<Outcome<StudentProfile>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (caller.Id is not { } userId) return Refusal.Unauthenticated();
        var now = time.GetUtcNow();
        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        var mine = await db.Students.SingleOrDefaultAsync(s => s.UserId == userId, ct);
        if (mine is not null)
        {
            if (mine.UniversityId != request.UniversityId || mine.StudentNo != request.StudentNo.Trim()) return AlreadyStudent;
            mine.Phone = phone;
            mine.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return await GetStudentProfile.LoadAsync(db, mine.Id, ct);
        }

        var row = await db.Students.AsNoTracking()
            .SingleOrDefaultAsync(s => s.UniversityId == request.UniversityId && s.StudentNo == request.StudentNo.Trim(), ct);
        // A wrong number and a wrong name look the same, so the roster cannot be probed for names.
        if (row is null || row.Name != request.Name.Trim()) return NotOnRoster;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int claimed;
        try
        {
            claimed = await db.Students.Where(s => s.Id == row.Id && s.UserId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, userId).SetProperty(x => x.ClaimedAt, now)
                    .SetProperty(x => x.Phone, phone).SetProperty(x => x.UpdatedAt, now), ct);
        }
        catch (Npgsql.PostgresException e) when (e.IsUniqueViolation(StudentConfiguration.OnePerAccount))
        {
            // The same account claimed another row meanwhile (two claims racing from one user).
            return AlreadyStudent;
        }
        if (claimed == 0) return AlreadyClaimed;
        if (!await db.TryGrantFirstRoleAsync(userId, Roles.Student, null, ct)) return RoleGrants.AlreadyHasRole;
        db.Publish(new StudentVerified(row.Id, row.UniversityId, userId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetStudentProfile.LoadAsync(db, row.Id, ct);
    }
}
