using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews;

namespace JobFair.Server.Features.Stats;

/// <summary>
/// A host's detail of one fair for its dashboard: applications per day (in Beijing time, the day a
/// fair is held) and per major, interviews by outcome, counted from the applications themselves (the figures read model
/// keeps totals only).
/// </summary>
public sealed class GetFairBreakdown(JobFairDb db) : IUseCase
{
    public sealed record Day(DateOnly Date, int Applications, int Applicants);

    public sealed record Major(string Name, int Applicants, int Applications, int Signed);

    /// <summary>The fair's interview bookings by outcome: still to come, held, missed (no-show), cancelled.</summary>
    public sealed record Interviews(int Booked, int Completed, int NoShow, int Cancelled);

    public sealed record Breakdown(Guid FairId, IReadOnlyList<Day> ByDay, IReadOnlyList<Major> ByMajor)
    {
        public Interviews Interviews { get; init; } = new(0, 0, 0, 0);
    }

    /// <summary>How many majors a dashboard lists by name; the rest are summed as one row.</summary>
    public const int MajorsShown = 15;

    /// <summary>The name of the row that sums the majors beyond <see cref="MajorsShown"/>.</summary>
    public const string OtherMajors = "*";

    public async Task<Outcome<Breakdown>> RunAsync(CurrentUser caller, Guid fairId, CancellationToken ct)
    {
        if ((await db.FindForHostAsync(fairId, caller, ct)).IsRefused(out var refusal)) return refusal;
        var days = await db.Database.SqlQuery<Day>($"""
            SELECT (a.created_at AT TIME ZONE 'Asia/Shanghai')::date AS "Date",
                   count(*)::int AS "Applications", count(DISTINCT a.student_id)::int AS "Applicants"
            FROM applications a WHERE a.fair_id = {fairId}
            GROUP BY 1 ORDER BY 1
            """).ToListAsync(ct);
        var majors = await db.Database.SqlQuery<Major>($"""
            SELECT s.major AS "Name", count(DISTINCT a.student_id)::int AS "Applicants", count(*)::int AS "Applications",
                   count(*) FILTER (WHERE a.status = {ApplicationStatus.Signed})::int AS "Signed"
            FROM applications a JOIN students s ON s.id = a.student_id
            WHERE a.fair_id = {fairId}
            GROUP BY s.major ORDER BY count(*) DESC, s.major
            """).ToListAsync(ct);
        if (majors.Count > MajorsShown)
        {
            var rest = majors.Skip(MajorsShown).ToList();
            majors = [.. majors.Take(MajorsShown),
                new Major(OtherMajors, rest.Sum(m => m.Applicants), rest.Sum(m => m.Applications), rest.Sum(m => m.Signed))];
        }
        var interviews = await db.Database.SqlQuery<Interviews>($"""
            SELECT count(*) FILTER (WHERE status = {BookingStatus.Booked})::int AS "Booked",
                   count(*) FILTER (WHERE status = {BookingStatus.Completed})::int AS "Completed",
                   count(*) FILTER (WHERE status = {BookingStatus.NoShow})::int AS "NoShow",
                   count(*) FILTER (WHERE status = {BookingStatus.Cancelled})::int AS "Cancelled"
            FROM interview_bookings WHERE fair_id = {fairId}
            """).SingleAsync(ct);
        return new Breakdown(fairId, days, majors) { Interviews = interviews };
    }
}
