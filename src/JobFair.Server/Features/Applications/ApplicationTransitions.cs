using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Students;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Applications;

public sealed record ApplicationStatusChanged(Guid ApplicationId, Guid PositionId, Guid FairId, Guid EmployerId, Guid StudentId,
    Guid UniversityId, string From, string To) : IDomainEvent;

/// <summary>
/// The contract's table of application transitions and the one way to take a step along it. Each
/// step is a conditional update on the status it was read in, so two racing changes cannot both apply.
/// </summary>
internal static class ApplicationTransitions
{
    private static readonly Dictionary<string, string[]> RecruiterMay = new()
    {
        [S.Submitted] = [S.Viewed, S.Shortlisted, S.InterviewInvited, S.Rejected],
        [S.Viewed] = [S.Shortlisted, S.InterviewInvited, S.Rejected],
        [S.Shortlisted] = [S.InterviewInvited, S.Offered, S.Rejected],
        [S.InterviewInvited] = [S.Offered, S.Rejected],
        [S.Offered] = [S.Rejected],
    };

    private static readonly Dictionary<string, string[]> StudentMay = new()
    {
        [S.Submitted] = [S.Withdrawn],
        [S.Viewed] = [S.Withdrawn],
        [S.Shortlisted] = [S.Withdrawn],
        [S.InterviewInvited] = [S.Withdrawn],
        [S.Offered] = [S.Accepted, S.Withdrawn],
    };

    public static readonly Refusal Illegal = Refusal.Conflict("illegal_transition", "This application cannot take that step from its current status.");
    public static readonly Refusal AlreadySigned = Refusal.Conflict("already_signed", "You have already signed another offer.");

    /// <summary>What the caller may do next with an application in <paramref name="status"/> (for pages' buttons).</summary>
    public static IReadOnlyList<string> Next(string role, string status) =>
        (role == Roles.Recruiter ? RecruiterMay : StudentMay).GetValueOrDefault(status) ?? [];

    /// <summary>The application and the side the caller is on, if the caller is its student or a recruiter of its employer; otherwise it does not exist for them.</summary>
    public static async Task<(Application? Application, string? Role)> FindAsync(Guid id, CurrentUser caller, JobFairDb db, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (application is null) return (null, null);
        if (caller.IsIn(Roles.Recruiter) && await caller.EmployerAsync(ct) == application.EmployerId) return (application, Roles.Recruiter);
        if (caller.IsIn(Roles.Student) && await caller.StudentIdAsync(ct) == application.StudentId) return (application, Roles.Student);
        return (null, null);
    }

    /// <summary>Takes the step, records it with its event, and gives up an interview seat when the application leaves the running.</summary>
    public static async Task<Outcome<ApplicationResponse>> MoveAsync(JobFairDb db, Application application,
        string role, string requested, string? note, Guid by, TimeProvider time, CancellationToken ct)
    {
        var allowed = role == Roles.Recruiter ? RecruiterMay : StudentMay;
        if (!allowed.TryGetValue(application.Status, out var next) || !next.Contains(requested))
            return Illegal.Saying($"An application that is {application.Status} cannot become {requested} by you.");
        var to = requested == S.Accepted ? S.Signed : requested;
        var now = time.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (to == S.Signed)
        {
            // One signature at a time per student: their offers are decided in a single order.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM students WHERE id = {application.StudentId} FOR UPDATE", ct);
        }
        int changed;
        try
        {
            changed = await db.Applications.Where(a => a.Id == application.Id && a.Status == application.Status)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, to).SetProperty(a => a.UpdatedAt, now), ct);
        }
        catch (Npgsql.PostgresException e) when (e.IsUniqueViolation(ApplicationConfiguration.OneSignedPerStudent))
        {
            return AlreadySigned;
        }
        if (changed == 0) return Illegal.Saying("The application changed meanwhile; reload it and try again.");
        Record(db, application, application.Status, to, by, role, note, now, time);
        // An application that is out of the running gives up its interview seat at once.
        if (to is S.Rejected or S.Withdrawn) await Bookings.CancelForApplicationAsync(db, application.Id, role, now, time, ct);

        if (to == S.Signed)
        {
            // Signing one offer withdraws the student's other offers: only those still offered, in the same transaction.
            var withdrawn = await db.Applications.FromSql($"""
                    UPDATE applications SET status = {S.Withdrawn}, updated_at = {now}
                    WHERE student_id = {application.StudentId} AND id <> {application.Id} AND status = {S.Offered}
                    RETURNING *
                    """).AsNoTracking().ToListAsync(ct);
            foreach (var other in withdrawn)
            {
                Record(db, other, S.Offered, S.Withdrawn, by, role, "signed another offer", now, time);
                await Bookings.CancelForApplicationAsync(db, other.Id, role, now, time, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var updated = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == application.Id, ct);
        return ApplicationResponse.From(updated);
    }

    /// <summary>
    /// Withdraws, in the caller's transaction, every application of the student that the student
    /// could still withdraw themselves (the same steps, recorded as taken by <paramref name="by"/> in
    /// <paramref name="role"/>): a released roster claim leaves no application running. Signed,
    /// rejected and withdrawn applications stay as they are. Returns how many were withdrawn.
    /// </summary>
    public static async Task<int> WithdrawAllAsync(JobFairDb db, Guid studentId, Guid by, string role, string note,
        TimeProvider time, CancellationToken ct)
    {
        var withdrawable = StudentMay.Where(s => s.Value.Contains(S.Withdrawn)).Select(s => s.Key).ToArray();
        var now = time.GetUtcNow();
        // Locked as read: a recruiter's racing step waits, then finds the status changed.
        var open = await db.Applications.FromSql(
                $"SELECT * FROM applications WHERE student_id = {studentId} AND status = ANY({withdrawable}) ORDER BY id FOR UPDATE")
            .AsNoTracking().ToListAsync(ct);
        foreach (var application in open)
        {
            await db.Applications.Where(a => a.Id == application.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, S.Withdrawn).SetProperty(a => a.UpdatedAt, now), ct);
            Record(db, application, application.Status, S.Withdrawn, by, role, note, now, time);
            await Bookings.CancelForApplicationAsync(db, application.Id, role, now, time, ct);
        }
        return open.Count;
    }

    private static void Record(JobFairDb db, Application a, string from, string to, Guid by, string role, string? note,
        DateTimeOffset now, TimeProvider time)
    {
        db.ApplicationTransitions.Add(new ApplicationTransition
        {
            ApplicationId = a.Id, FromStatus = from, ToStatus = to, ByUserId = by, ByRole = role, Note = note, At = now,
        });
        db.Publish(new ApplicationStatusChanged(a.Id, a.PositionId, a.FairId, a.EmployerId, a.StudentId, a.UniversityId, from, to), time);
    }
}
