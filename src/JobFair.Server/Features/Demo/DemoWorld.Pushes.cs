using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Server.Features.Guidance.Reminders;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Demo;

/// <summary>
/// Pushes by major and reminders of unread resumes: the big fair's graduates received positions of
/// their major over the last three days (at most 5 a day, some opened, some followed by an
/// application, some of the demo student's waiting for tomorrow), and an earlier fair of the big pair,
/// closed two weeks ago, left resumes unread, so its employers were reminded and the centres see them
/// overdue. Built last, so that every row built before stays as it was.
/// </summary>
internal sealed partial class DemoWorld
{
    public List<Recommendation> Recommendations { get; } = [];
    public List<PushDay> PushDays { get; } = [];
    public List<ApplicationReminder> Reminders { get; } = [];

    /// <summary>Writes a notification's stored (Chinese) title and body from its kind and parameters, with the site's words.</summary>
    public Func<string, string, (string Title, string Body)> NotificationText { get; init; } = (_, _) => ("", "");

    public static readonly Guid EarlierFairId = IdOf("fair:jiangnan-huaxia-winter");

    private readonly Dictionary<(Guid Student, DateOnly Day), int> _pushedOn = [];

    private void Pushes(Fair bigFair, List<Position> postings, List<Student> graduates, Student demoStudent)
    {
        var applied = Applications.Select(a => (a.StudentId, a.PositionId)).ToHashSet();
        var signed = Applications.Where(a => a.Status == S.Signed).Select(a => a.StudentId).ToHashSet();
        var byMajor = postings.SelectMany(p => p.Majors.Select(m => (Major: m, Position: p))).ToLookup(x => x.Major, x => x.Position);
        var positions = postings.ToDictionary(p => p.Id);
        var sharedAt = bigFair.StartsAt.AddDays(-2);

        // Some applications followed a push: pushed an hour or two before, opened just before applying.
        foreach (var application in Applications.Where(a => a.FairId == bigFair.Id && a.CreatedAt > _now.AddHours(-60) && _rng.Next(5) == 0).ToList())
        {
            var student = graduates.FirstOrDefault(s => s.Id == application.StudentId);
            if (student is null || !positions.TryGetValue(application.PositionId, out var position) || !position.Majors.Contains(student.Major)) continue;
            var at = application.CreatedAt.AddMinutes(-_rng.Next(10, 120));
            Push(student, position, bigFair.Id, sharedAt, at, application.CreatedAt.AddMinutes(-2));
        }
        foreach (var student in graduates.Where(s => !signed.Contains(s.Id)))
        {
            var isDemo = student.Id == demoStudent.Id;
            var wanted = isDemo ? 12 : _rng.Next(0, 8);
            var candidates = byMajor[student.Major].Distinct().Where(p => !applied.Contains((student.Id, p.Id)))
                .Where(p => Recommendations.All(r => r.StudentId != student.Id || r.PositionId != p.Id)).Take(wanted).ToList();
            foreach (var (i, position) in candidates.Index())
            {
                // The demo student's five newest came today, so what else matched today waits for tomorrow's
                // allowance; everyone else's came over the last three days.
                var at = isDemo && i < 5 ? _now.AddMinutes(-20 - 30 * i) : _now.AddMinutes(-_rng.Next(30, 70 * 60));
                var seen = _rng.Next(100) < 45 ? at.AddMinutes(_rng.Next(5, 600)) : (DateTimeOffset?)null;
                Push(student, position, bigFair.Id, sharedAt, at, seen is { } s && s < _now ? s : null);
            }
        }
        PushDays.AddRange(_pushedOn.Select(d => new PushDay { StudentId = d.Key.Student, Day = d.Key.Day, Pushed = d.Value }));
    }

    /// <summary>A push let through at <paramref name="at"/> with its notification; it waits instead when that day's allowance is used up.</summary>
    private void Push(Student student, Position position, Guid fairId, DateTimeOffset sharedAt, DateTimeOffset at, DateTimeOffset? seenAt)
    {
        var day = Pushing.DayOf(at);
        var count = _pushedOn.GetValueOrDefault((student.Id, day));
        var waits = count >= Pushing.DailyCap;
        if (waits && day != Pushing.DayOf(_now)) return; // a day gone by: the push would have come a day later; leave it out
        Recommendations.Add(new Recommendation
        {
            StudentId = student.Id, PositionId = position.Id, FairId = fairId, Match = MatchKinds.Exact, Major = student.Major,
            SharedAt = sharedAt, CreatedAt = at, PushedAt = waits ? null : at, SeenAt = waits ? null : seenAt,
        });
        if (waits) return;
        _pushedOn[(student.Id, day)] = count + 1;
        var parameters = NotificationTexts.Store(new RecommendedNotice(position.EmployerName, position.Title, MatchKinds.Exact, student.Major, null));
        var (title, body) = NotificationText(NotificationKinds.PositionRecommended, parameters);
        Notifications.Add(new Notification
        {
            UserId = student.UserId!.Value, Kind = NotificationKinds.PositionRecommended, Title = title, Body = body,
            Link = $"/positions/{position.Id}", Parameters = parameters, CreatedAt = at, ReadAt = seenAt,
        });
    }

    /// <summary>
    /// The big pair's earlier fair: thirty employers (the demo recruiter's among them), their postings
    /// shared, the supported university's graduates applying; almost half the resumes never read, so
    /// each of those employers was reminded three days after the first delivery.
    /// </summary>
    private void EarlierFair(PairRef big, User centre, List<Position> postings, List<Student> graduates, Student demoStudent)
    {
        var starts = MorningOf(_now.AddDays(-16));
        var fair = NewFair(EarlierFairId, big, centre.Id, "江南大学—武汉华夏理工学院 寒假前网络双选会",
            "两校寒假前联合举办的网络双选会，岗位向两校毕业生共享。", starts, starts.AddHours(33));
        var demoEmployer = Users.First(u => u.Email == Accounts.Recruiter).EmployerId!.Value;
        var employerIds = postings.Select(p => p.EmployerId).Distinct().Where(id => id != demoEmployer).Take(29).Prepend(demoEmployer).ToList();
        var recruiters = Users.Where(u => u.EmployerId is { } id && employerIds.Contains(id)).ToDictionary(u => u.EmployerId!.Value, u => u.Id);
        foreach (var id in employerIds) Approve(fair, Employers.First(e => e.Id == id), centre.Id, starts.AddDays(-4));
        var shared = postings.Where(p => employerIds.Contains(p.EmployerId)).GroupBy(p => p.EmployerId).SelectMany(g => g.Take(10)).ToList();
        foreach (var p in shared) PositionFairs.Add(new PositionFair { PositionId = p.Id, FairId = fair.Id, SharedAt = starts.AddDays(-3) });
        var applied = Applications.Select(a => (a.StudentId, a.PositionId)).ToHashSet();

        var applicants = graduates.Where(s => s.UniversityId == big.SupportedId && s.Id != demoStudent.Id).OrderBy(_ => _rng.Next()).Take(120);
        var unread = new List<(Application Application, Position Position)>();
        foreach (var student in applicants)
        {
            var resume = Resumes.First(r => r.StudentId == student.Id);
            foreach (var position in shared.OrderBy(_ => _rng.Next()).Take(1 + _rng.Next(2)).Where(p => applied.Add((student.Id, p.Id))))
            {
                var created = starts.AddMinutes(_rng.Next(0, 30 * 60));
                var application = new Application
                {
                    StudentId = student.Id, UniversityId = student.UniversityId, PositionId = position.Id, EmployerId = position.EmployerId,
                    FairId = fair.Id, ResumeId = resume.Id, ResumeTitle = resume.Title, CreatedAt = created, UpdatedAt = created,
                };
                Applications.Add(application);
                var roll = _rng.Next(100);
                if (roll < 45) unread.Add((application, position));
                else Walk(application, roll < 80 ? [S.Viewed] : [S.Viewed, S.Rejected], recruiters[position.EmployerId], student.UserId!.Value);
            }
        }
        foreach (var employer in unread.GroupBy(u => u.Application.EmployerId))
        {
            var at = employer.Min(u => u.Application.CreatedAt) + Unread.RemindAfter + TimeSpan.FromMinutes(_rng.Next(1, 10));
            Reminders.AddRange(employer.Select(u => new ApplicationReminder { ApplicationId = u.Application.Id, RemindedAt = at }));
            var titles = employer.Select(u => u.Position.Title).Distinct().ToList();
            var parameters = NotificationTexts.Store(new UnreadNotice(employer.Count(), (int)Unread.RemindAfter.TotalDays, titles.Take(3).ToList(),
                titles.Count > 3));
            var (title, body) = NotificationText(NotificationKinds.ApplicationsUnread, parameters);
            Notifications.Add(new Notification
            {
                UserId = recruiters[employer.Key], Kind = NotificationKinds.ApplicationsUnread, Title = title, Body = body,
                Link = "/employer?status=submitted", Parameters = parameters, CreatedAt = at,
            });
        }
    }
}
