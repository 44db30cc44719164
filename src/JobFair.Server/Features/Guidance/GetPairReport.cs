using JobFair.Server.Features.Guidance.Pushes;
using System.Globalization;
using System.Text;
using CsvHelper;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Stats;
using JobFair.Server.Features.Universities;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Guidance;

/// <summary>
/// Everything a 一帮一 pair did, split by side (supported, supporting), for its two centres and the
/// admin, as JSON or CSV. Which side a figure belongs to:
/// fairs, and the employers approved and positions shared in them, to the side whose centre
/// organised (created) the fair; applications, interviews (applications ever invited), offers
/// (ever offered) and signings (signed now) in the pair's fairs to the applicant's university;
/// activities to the side that recorded them; ledger coverage (graduates with at least one plan
/// action, of all roster graduates) to each university. Draft fairs are not counted.
/// </summary>
public sealed class GetPairReport(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Coverage(int Graduates, int WithPlan);

    public sealed record Side(Guid UniversityId, string University, int Fairs, int Employers, int Positions, int Applications, int Interviews,
        int Offers, int Signings, Activities Activities, int Pushes, Coverage Ledger);

    public sealed record Report(Guid PairId, int Batch, int? Seq, DateTimeOffset GeneratedAt, Side Supported, Side Supporting);

    public static readonly Refusal UnknownFormat = Refusal.Invalid("format", "format must be json or csv");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/pairs/{id:guid}/report", async Task<Results<Ok<Report>, FileContentHttpResult, ProblemHttpResult>> (
                Guid id, string? format, CurrentUser caller, GetPairReport get, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "csv")) return UnknownFormat.ToProblem();
                var report = await get.RunAsync(caller, id, ct);
                if (report.IsRefused(out var refusal)) return refusal.ToProblem();
                if (format != "csv") return TypedResults.Ok(report.Value);
                var name = $"pair-report-{report.Value.Batch}-{report.Value.Seq?.ToString(CultureInfo.InvariantCulture) ?? "x"}.csv";
                return TypedResults.File(Csv(report.Value), "text/csv; charset=utf-8", name);
            })
            .RequireAuthorization(Policies.SignedIn)
            .Produces<Report>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Refuses(UnknownFormat, PairSides.NotFound, PairSides.NotPairMember)
            .WithSummary("Everything the pair did, split by side (supported, supporting): fairs, employers, positions, applications, " +
                         "interviews, offers, signings, activities by kind, pushes, ledger coverage. format=csv: UTF-8 CSV with a BOM. " +
                         "Centres of either side; admin.");

    public async Task<Outcome<Report>> RunAsync(CurrentUser caller, Guid pairId, CancellationToken ct)
    {
        var found = await db.FindForCentreAsync(caller, pairId, admin: true, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var pair = found.Value;
        return new Report(pair.Id, pair.Batch, pair.Seq, time.GetUtcNow(),
            await SideAsync(pair, pair.Supported, ct), await SideAsync(pair, pair.Supporting, ct));
    }

    private async Task<Side> SideAsync(Pair pair, University side, CancellationToken ct)
    {
        var pairFairs = db.Fairs.Where(f => f.PairId == pair.Id && f.Status != FairStatus.Draft);
        // A fair belongs to the side whose centre created it (a fair is created by a centre of the pair).
        var organised = pairFairs.Where(f => db.Users.Any(u => u.Id == f.CreatedBy && u.UniversityId == side.Id)).Select(f => f.Id);
        var applications = db.Applications.Where(a => a.UniversityId == side.Id && pairFairs.Any(f => f.Id == a.FairId));
        var everTo = (string status) => applications.CountAsync(a => db.ApplicationTransitions.Any(t => t.ApplicationId == a.Id && t.ToStatus == status), ct);
        var activities = await db.PairActivities.Where(a => a.PairId == pair.Id && a.UniversityId == side.Id)
            .GroupBy(a => a.Kind).Select(g => new { Kind = g.Key, Count = g.Count(), Participants = g.Sum(a => (long)a.Participants) })
            .ToListAsync(ct);
        int Kind(string kind) => activities.Where(a => a.Kind == kind).Sum(a => a.Count);
        var graduates = db.Students.Where(s => s.UniversityId == side.Id);

        return new Side(side.Id, side.Name,
            Fairs: await organised.CountAsync(ct),
            Employers: await db.Participations.Where(p => p.Status == ParticipationStatus.Approved && organised.Contains(p.FairId))
                .Select(p => p.EmployerId).Distinct().CountAsync(ct),
            Positions: await db.PositionFairs.Where(pf => organised.Contains(pf.FairId)).Select(pf => pf.PositionId).Distinct().CountAsync(ct),
            Applications: await applications.CountAsync(ct),
            Interviews: await everTo(S.InterviewInvited),
            Offers: await everTo(S.Offered),
            Signings: await applications.CountAsync(a => a.Status == S.Signed, ct),
            Activities: new Activities(Kind("meeting"), Kind("course"), Kind("camp"), Kind("agreement"), Kind("other"),
                activities.Sum(a => a.Participants)),
            // Positions pushed by major to the side's graduates in the pair's fairs (let through, not still waiting).
            Pushes: await db.Recommendations.CountAsync(r => r.PushedAt != null && pairFairs.Any(f => f.Id == r.FairId) &&
                                                             graduates.Any(s => s.Id == r.StudentId), ct),
            Ledger: new Coverage(await graduates.CountAsync(ct),
                await graduates.CountAsync(s => db.PlanEntries.Any(e => e.StudentId == s.Id && e.Kind == PlanEntryKinds.Action), ct)));
    }

    /// <summary>The report as a spreadsheet: one row per figure, one column per side; UTF-8 with a BOM so that Excel reads the Chinese names.</summary>
    public static byte[] Csv(Report report)
    {
        var (a, b) = (report.Supported, report.Supporting);
        (string Figure, object Supported, object Supporting)[] rows =
        [
            ("university", a.University, b.University),
            ("fairs", a.Fairs, b.Fairs),
            ("employers", a.Employers, b.Employers),
            ("positions", a.Positions, b.Positions),
            ("applications", a.Applications, b.Applications),
            ("interviews", a.Interviews, b.Interviews),
            ("offers", a.Offers, b.Offers),
            ("signings", a.Signings, b.Signings),
            ("activities.meetings", a.Activities.Meetings, b.Activities.Meetings),
            ("activities.courses", a.Activities.Courses, b.Activities.Courses),
            ("activities.camps", a.Activities.Camps, b.Activities.Camps),
            ("activities.agreements", a.Activities.Agreements, b.Activities.Agreements),
            ("activities.other", a.Activities.Other, b.Activities.Other),
            ("activities.participants", a.Activities.Participants, b.Activities.Participants),
            ("pushes", a.Pushes, b.Pushes),
            ("ledger.graduates", a.Ledger.Graduates, b.Ledger.Graduates),
            ("ledger.withPlan", a.Ledger.WithPlan, b.Ledger.WithPlan),
        ];
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var field in new[] { "figure", "supported", "supporting" }) csv.WriteField(field);
            csv.NextRecord();
            foreach (var (figure, supported, supporting) in rows)
            {
                csv.WriteField(figure);
                csv.WriteField(supported);
                csv.WriteField(supporting);
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }
}
