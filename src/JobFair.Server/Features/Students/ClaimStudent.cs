using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Students;

public sealed record StudentVerified(Guid StudentId, Guid UniversityId, Guid UserId) : IDomainEvent;

/// <summary>
/// PUT /api/students/me: a signed-in user becomes a student by claiming the unclaimed roster row
/// with their student number and name; a student calls it again to update their phone.
/// </summary>
internal static class ClaimStudent
{
    public sealed record Request(Guid UniversityId, string StudentNo, string Name, string? Major, string? Degree,
        int? GraduationYear, string? Phone);

    public sealed record Response(Guid Id, Guid UniversityId, string UniversityName, string StudentNo, string Name, string Major,
        string Degree, int GraduationYear, string? Phone);

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

    public static void Map(IEndpointRouteBuilder signedIn)
    {
        signedIn.MapPut("/api/students/me", Handle).Validate<Request>()
            .WithSummary("Claim the caller's row on their university's roster (student number and name must match); the caller becomes a student.");
        signedIn.MapGet("/api/students/me", Get).WithSummary("The caller's student profile.");
    }

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var userId = current.Id!.Value;
        var now = time.GetUtcNow();
        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        var mine = await db.Students.SingleOrDefaultAsync(s => s.UserId == userId, ct);
        if (mine is not null)
        {
            if (mine.UniversityId != request.UniversityId || mine.StudentNo != request.StudentNo.Trim())
                return Problem.Conflict("already_student", "This account is already verified as another student.");
            mine.Phone = phone;
            mine.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(await LoadAsync(db, mine.Id, ct));
        }

        var row = await db.Students.AsNoTracking()
            .SingleOrDefaultAsync(s => s.UniversityId == request.UniversityId && s.StudentNo == request.StudentNo.Trim(), ct);
        // A wrong number and a wrong name look the same, so the roster cannot be probed for names.
        if (row is null || row.Name != request.Name.Trim())
            return Problem.Refuse(StatusCodes.Status404NotFound, "not_on_roster",
                "No graduate with this student number and name is on this university's roster; ask your career centre.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int claimed;
        try
        {
            claimed = await db.Students.Where(s => s.Id == row.Id && s.UserId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, userId).SetProperty(x => x.ClaimedAt, now)
                    .SetProperty(x => x.Phone, phone).SetProperty(x => x.UpdatedAt, now), ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict("already_student", "This account is already verified as another student.");
        }
        if (claimed == 0)
            return Problem.Conflict("already_claimed", "This roster row has already been claimed; ask your career centre if it was not you.");
        if (!await db.TryGrantFirstRoleAsync(userId, Roles.Student, null, ct))
            return Problem.Forbidden("already_has_role", "This account already has another role.");
        db.Publish(new StudentVerified(row.Id, row.UniversityId, userId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await LoadAsync(db, row.Id, ct));
    }

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Get(CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        var id = await db.Students.Where(s => s.UserId == current.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct);
        return id is null ? Problem.NotFound("student profile") : TypedResults.Ok(await LoadAsync(db, id.Value, ct));
    }

    private static Task<Response> LoadAsync(JobFairDb db, Guid id, CancellationToken ct) =>
        db.Students.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Universities, s => s.UniversityId, u => u.Id, (s, u) => new Response(s.Id, s.UniversityId, u.Name, s.StudentNo,
                s.Name, s.Major, s.Degree, s.GraduationYear, s.Phone))
            .SingleAsync(ct);
}
