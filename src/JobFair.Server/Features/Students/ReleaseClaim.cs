using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;

namespace JobFair.Server.Features.Students;

public sealed record ClaimReleased(Guid ReleasedStudentId, Guid StudentId, Guid UniversityId, Guid UserId) : IDomainEvent;

/// <summary>
/// A centre undoes a claim of one of its roster rows that was not the graduate's: the account loses
/// the student role and its running applications are withdrawn (bookings cancelled, events sent).
/// The released row keeps everything done under the claim (employers keep what they received); the
/// graduate's roster entry continues as a fresh unclaimed row with the same number, which needs a
/// new activation code. Audited.
/// </summary>
public sealed class ReleaseClaim(JobFairDb db, TimeProvider time, IValidator<ReleaseClaim.Request> validator) : IUseCase
{
    public sealed record Request(string Reason);
    public sealed record Response(string StudentNo, string Name, Guid StudentId, int WithdrawnApplications);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }

    public static readonly Refusal NotClaimed = Refusal.Conflict("not_claimed", "Nobody has claimed this roster row.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/universities/{id:guid}/roster/{studentNo}/release", (Guid id, string studentNo, Request request, CurrentUser caller,
                ReleaseClaim release, CancellationToken ct) => release.RunAsync(caller, id, studentNo, request, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("reason", "required"), ImportRoster.NotOwnUniversity, IssueActivationCode.NotOnRoster, NotClaimed)
            .WithSummary("A centre releases a claimed row of its roster: the account loses the student role, its running " +
                         "applications are withdrawn, and the row is unclaimed again (a new activation code is needed). Audited.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid universityId, string studentNo, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return ImportRoster.NotOwnUniversity;
        var now = time.GetUtcNow();
        var reason = request.Reason.Trim();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Locked first: a claim, another release or an application of this row (its foreign-key check
        // and the trigger of 0016) waits for this one, and then sees the row released.
        var row = await db.Students.FromSql($"""
                SELECT * FROM students WHERE university_id = {universityId} AND student_no = {studentNo} AND released_at IS NULL FOR UPDATE
                """).AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null) return IssueActivationCode.NotOnRoster;
        if (row.UserId is not { } userId) return NotClaimed;

        var withdrawn = await ApplicationTransitions.WithdrawAllAsync(db, row.Id, caller.Id!.Value, Roles.Centre,
            "claim released by the career centre", time, ct);
        await db.Students.Where(s => s.Id == row.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.ReleasedAt, now).SetProperty(x => x.UserId, (Guid?)null).SetProperty(x => x.Phone, (string?)null)
            .SetProperty(x => x.ActivationCodeHash, (byte[]?)null).SetProperty(x => x.ActivationCodeExpiresAt, (DateTimeOffset?)null)
            .SetProperty(x => x.UpdatedAt, now), ct);
        var fresh = new Student
        {
            UniversityId = row.UniversityId, StudentNo = row.StudentNo, Name = row.Name, Major = row.Major, Degree = row.Degree,
            GraduationYear = row.GraduationYear, CreatedAt = now, UpdatedAt = now,
        };
        db.Students.Add(fresh);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM user_roles WHERE user_id = {userId} AND role_id = (SELECT id FROM roles WHERE name = {Roles.Student})", ct);
        db.Audit(time, caller.Id, Roles.Centre, "claim_released", "student", row.Id,
            $"student number {row.StudentNo}; account {userId}; {withdrawn} applications withdrawn; continues as {fresh.Id}; reason: {reason}");
        db.Publish(new ClaimReleased(row.Id, fresh.Id, universityId, userId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Response(row.StudentNo, row.Name, fresh.Id, withdrawn);
    }
}
