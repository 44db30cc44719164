using System.Security.Cryptography;
using System.Text;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using JobFair.Server.Features.Universities;
using static JobFair.Server.Features.Demo.DemoVocabulary;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Demo;

/// <summary>
/// Builds the demo's rows in memory: the 2020-04-23 fair of 江南大学 and 武汉华夏理工学院 at its real
/// scale, moved to today, and a few smaller fairs of other pairs. Deterministic (one seed), so two
/// runs build the same world; <see cref="DemoData"/> writes it once.
/// </summary>
internal sealed partial class DemoWorld
{
    // The real fair's figures (seeds/README.md).
    public const int BigFairEmployers = 317;
    public const int BigFairPostings = 18_000;
    public const int BigFairGraduates = 483;
    public const int BigFairDeliveries = 1_715;
    public const int BigFairInterviews = 249;

    private readonly Random _rng = new(20200423);
    private readonly DateTimeOffset _now;
    private readonly string _passwordHash;
    private readonly byte[] _pdf;
    private readonly HashSet<string> _employerNames = [];
    private readonly Dictionary<Guid, List<(DateTimeOffset Start, DateTimeOffset End)>> _studentBusy = [];
    private readonly Dictionary<Guid, string> _codes = [];

    public List<User> Users { get; } = [];
    public List<(Guid UserId, string Role)> UserRoles { get; } = [];
    public List<Employer> Employers { get; } = [];
    public List<Fair> Fairs { get; } = [];
    public List<Participation> Participations { get; } = [];
    public List<Position> Positions { get; } = [];
    public List<PositionFair> PositionFairs { get; } = [];
    public List<Student> Students { get; } = [];
    public List<Resume> Resumes { get; } = [];
    public List<ResumeRead> ResumeReads { get; } = [];
    public List<Application> Applications { get; } = [];
    public List<ApplicationTransition> Transitions { get; } = [];
    public List<InterviewSlot> Slots { get; } = [];
    public List<InterviewBooking> Bookings { get; } = [];
    public List<Notification> Notifications { get; } = [];
    public List<PairActivity> Activities { get; } = [];

    /// <summary>
    /// Codes of a few unclaimed rows, for <see cref="DemoData"/> to print once, as a centre hands
    /// codes out: every unclaimed row gets a fresh random code (never derived from the seed, so no
    /// code is known in advance), of which only these are ever shown; the demo centre issues new
    /// ones for any other row.
    /// </summary>
    public List<(string StudentNo, string Name, Guid UniversityId, string Code)> HandedOutCodes { get; } = [];
    public const int HandedOut = 3;

    /// <summary>The sign-in addresses of the demo's accounts, one per role.</summary>
    public static class Accounts
    {
        public const string Student = "student@demo.jobfair.local";
        public const string Recruiter = "recruiter@demo.jobfair.local";
        public const string Centre = "centre@demo.jobfair.local";
        public const string PartnerCentre = "centre2@demo.jobfair.local";
        public const string Counsellor = "counsellor@demo.jobfair.local";
        public const string PartnerCounsellor = "counsellor2@demo.jobfair.local";
    }

    public static readonly Guid BigFairId = IdOf("fair:jiangnan-huaxia-2020-04-23");

    public DemoWorld(DateTimeOffset now, string passwordHash, byte[] pdf) => (_now, _passwordHash, _pdf) = (now, passwordHash, pdf);

    /// <summary>A stable id for a named demo object, so that a second load recognises the first.</summary>
    public static Guid IdOf(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("jobfair-demo:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public sealed record PairRef(Guid Id, Guid SupportedId, Guid SupportingId);

    public void Build(PairRef big, PairRef live, PairRef upcoming, PairRef closed)
    {
        var start = new DateTimeOffset(_now.Year, _now.Month, _now.Day, _now.Hour, 0, 0, TimeSpan.Zero).AddHours(-6);
        var centre = Staff(Accounts.Centre, big.SupportedId);
        var partner = Staff(Accounts.PartnerCentre, big.SupportingId);

        var employers = Enumerable.Range(0, BigFairEmployers + 6).Select(i => NewEmployer(i == 0 ? Accounts.Recruiter : null)).ToList();
        var bigFair = NewFair(BigFairId, big, centre.Id, "江南大学—武汉华夏理工学院 2020届毕业生春季网络双选会",
            "一帮一结对高校联合举办的“云双选会”：岗位向两校毕业生共享，支持在线投递简历与视频面试。", start, start.AddHours(33));
        foreach (var (employer, recruiter) in employers.Take(BigFairEmployers)) Approve(bigFair, employer, centre.Id, start.AddDays(-3));
        foreach (var (employer, _) in employers.Skip(BigFairEmployers))
            Participations.Add(new Participation { FairId = bigFair.Id, EmployerId = employer.Id, Status = ParticipationStatus.Pending,
                Message = "我司希望参加本次双选会，面向两校毕业生招聘。", RequestedAt = _now.AddMinutes(-_rng.Next(5, 600)) });

        var postings = Postings(employers.Take(BigFairEmployers).ToList(), BigFairPostings, bigFair, start.AddDays(-2));
        // The fair's 483 graduates: most of the supported university's, some of the partner's.
        var graduates = Roster(big.SupportedId, BigFairGraduates - 30, claimed: true, "2016");
        foreach (var row in Roster(big.SupportedId, 150, claimed: false, "2016").Take(HandedOut))
            HandedOutCodes.Add((row.StudentNo, row.Name, row.UniversityId, _codes[row.Id]));
        graduates.AddRange(Roster(big.SupportingId, 30, claimed: true, "1030"));
        var demoStudent = graduates[0];
        Users.First(u => u.Id == demoStudent.UserId).Email = Accounts.Student;
        Normalise(Users.First(u => u.Id == demoStudent.UserId));
        Deliver(bigFair, graduates, postings, employers.ToDictionary(e => e.Employer.Id, e => e.Recruiter), demoStudent);
        Draft(big, centre.Id);

        // Smaller fairs of other pairs: one running now, one upcoming, one closed; employers recruit across pairs.
        var others = employers.Skip(20).Take(60).ToList();
        SmallFair(live, "武汉工程大学—中国石油大学（北京）联合网络双选会（第三场）", start.AddHours(2), start.AddHours(50), others.Take(40).ToList(), 600, 60);
        SmallFair(upcoming, "武汉东湖学院—南京大学 “宁汉同心” 毕业生专场双选会", MorningOf(_now.AddDays(10)), MorningOf(_now.AddDays(12)).AddHours(9), others.Skip(20).Take(20).ToList(), 300, 0);
        SmallFair(closed, "武汉大学—北京大学 联合网络双选会（第一场）", _now.AddDays(-24), _now.AddDays(-22), others.Skip(10).Take(40).ToList(), 500, 40);

        Activity(big, centre, "meeting", "两校就业指导中心视频工作会", 12, -9);
        Activity(big, partner, "agreement", "签订“一帮一”就业帮扶协议", 20, -8);
        Activity(big, partner, "course", "简历撰写与视频面试技巧线上课", 320, -5);
        Activity(big, centre, "camp", "毕业生求职训练营（第一期）", 80, -3);
        Activity(big, centre, "meeting", "双选会筹备视频会议", 9, -1);
        foreach (var pair in new[] { live, upcoming, closed })
        {
            var staff = Users.First(u => u.UniversityId == pair.SupportedId);
            Activity(pair, staff, "meeting", "两校就业指导中心远程会商", 8, -12);
            Activity(pair, staff, "agreement", "签订就业帮扶协议", 16, -11);
        }
        // Last, so that the rows built above stay as they were before guidance existed.
        Guidance(big, centre, partner, postings, demoStudent);
        Pushes(bigFair, postings, graduates, demoStudent);
        EarlierFair(big, centre, postings, graduates, demoStudent);
        Booth(bigFair, employers[0].Employer, employers[0].Recruiter, graduates, demoStudent);
    }

    private User NewUser(string email, string role, Guid? universityId = null, Guid? employerId = null)
    {
        var user = new User
        {
            Id = Guid.CreateVersion7(), Email = email, UserName = email, EmailConfirmed = true, PasswordHash = _passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
            UniversityId = universityId, EmployerId = employerId, CreatedAt = _now.AddDays(-10),
        };
        Normalise(user);
        Users.Add(user);
        UserRoles.Add((user.Id, role));
        return user;
    }

    private static void Normalise(User user)
    {
        user.UserName = user.Email;
        user.NormalizedEmail = user.Email!.ToUpperInvariant();
        user.NormalizedUserName = user.NormalizedEmail;
    }

    private User Staff(string email, Guid universityId) => NewUser(email, Roles.Centre, universityId);

    private (Employer Employer, User Recruiter) NewEmployer(string? recruiterEmail)
    {
        var (industry, suffix, _, _) = Industries[_rng.Next(Industries.Length)];
        string name;
        do name = $"{Pick(Cities)}{Pick(Brands)}{Pick(Brands)[..1]}{suffix}";
        while (!_employerNames.Add(name));
        var employer = new Employer
        {
            Name = name, CreditCode = CreditCodeOf(), Industry = industry, City = name[..2], Size = Pick(Sizes), CreatedAt = _now.AddDays(-20),
        };
        Employers.Add(employer);
        var recruiter = NewUser(recruiterEmail ?? $"hr{Employers.Count:D3}@employers.demo.jobfair.local", Roles.Recruiter, employerId: employer.Id);
        return (employer, recruiter);
    }

    private string CreditCodeOf()
    {
        var region = Pick(["420100", "320200", "320500", "310000", "320100", "330100", "440300", "420500"]);
        var body = new string(Enumerable.Range(0, 9).Select(_ => CreditCode.Characters[_rng.Next(CreditCode.Characters.Length)]).ToArray());
        var first17 = "91" + region + body;
        return first17 + CreditCode.CheckCharacter(first17);
    }

    private Fair NewFair(Guid id, PairRef pair, Guid createdBy, string title, string description, DateTimeOffset starts, DateTimeOffset ends)
    {
        var closed = ends <= _now;
        var fair = new Fair
        {
            Id = id, PairId = pair.Id, Title = title, Description = description, StartsAt = starts, EndsAt = ends,
            Status = closed ? FairStatus.Closed : FairStatus.Published, CreatedBy = createdBy, CreatedAt = starts.AddDays(-7),
            PublishedAt = starts.AddDays(-6), ClosedAt = closed ? ends : null,
        };
        Fairs.Add(fair);
        return fair;
    }

    private void Draft(PairRef pair, Guid createdBy) => Fairs.Add(new Fair
    {
        Id = IdOf("fair:draft"), PairId = pair.Id, Title = "江南大学—武汉华夏理工学院 秋季网络双选会（筹备中）",
        Description = "两校就业指导中心正在筹备，发布后向用人单位开放报名。", StartsAt = MorningOf(_now.AddDays(30)), EndsAt = MorningOf(_now.AddDays(31)).AddHours(9),
        Status = FairStatus.Draft, CreatedBy = createdBy, CreatedAt = _now.AddDays(-1),
    });

    private void Approve(Fair fair, Employer employer, Guid by, DateTimeOffset at) => Participations.Add(new Participation
    {
        FairId = fair.Id, EmployerId = employer.Id, Status = ParticipationStatus.Approved, Message = "申请参加本次双选会。",
        RequestedAt = at, DecidedAt = at.AddHours(2), DecidedBy = by,
    });

    /// <summary>Postings of the employers shared into the fair; a few employers post many, most post a few dozen.</summary>
    private List<Position> Postings(List<(Employer Employer, User Recruiter)> employers, int count, Fair fair, DateTimeOffset at)
    {
        var weights = employers.Select(_ => Math.Exp(_rng.NextDouble() * 2.5)).ToArray();
        var total = weights.Sum();
        var posted = new List<Position>();
        for (var e = 0; e < employers.Count; e++)
        {
            var n = e == employers.Count - 1 ? count - posted.Count : Math.Max(3, (int)Math.Round(count * weights[e] / total));
            n = Math.Min(n, count - posted.Count - (employers.Count - e - 1) * 3);
            var employer = employers[e].Employer;
            var (_, _, titles, majors) = Industries.First(i => i.Industry == employer.Industry);
            for (var i = 0; i < n; i++)
            {
                // Beyond its few kinds of post, an employer advertises the same post in more cities.
                var city = i < titles.Length ? employer.City : Pick(Cities);
                var title = titles[i % titles.Length] + (i >= titles.Length ? $"（{city}）" : "");
                var major = Pick(majors);
                var degree = Majors.First(m => m.Major == major).Degree;
                var salary = 4000 + _rng.Next(0, 13) * 500;
                var position = new Position
                {
                    EmployerId = employer.Id, EmployerName = employer.Name, Title = title,
                    Description = $"岗位职责：负责{title}相关工作，参与项目全流程。任职要求：{major}等相关专业，{(degree == "associate" ? "专科" : "本科")}及以上学历，" +
                                  $"2020届毕业生优先。福利：{string.Join("、", Perks.OrderBy(_ => _rng.Next()).Take(3))}。",
                    City = city,
                    Majors = majors.OrderBy(_ => _rng.Next()).Take(_rng.Next(0, 3)).Prepend(major).Distinct().ToList(),
                    Degree = degree, Openings = 1 + _rng.Next(5), SalaryMin = salary, SalaryMax = salary + 1000 + _rng.Next(0, 7) * 500,
                    Status = PositionStatus.Open, CreatedAt = at.AddMinutes(_rng.Next(0, 2000)), UpdatedAt = at,
                };
                position.UpdatedAt = position.CreatedAt;
                Positions.Add(position);
                posted.Add(position);
            }
        }
        foreach (var p in posted) PositionFairs.Add(new PositionFair { PositionId = p.Id, FairId = fair.Id, SharedAt = p.CreatedAt });
        return posted;
    }

    private List<Student> Roster(Guid universityId, int count, bool claimed, string prefix)
    {
        var students = new List<Student>();
        for (var i = 0; i < count; i++)
        {
            var (major, degree) = Majors[_rng.Next(Majors.Length)];
            var student = new Student
            {
                UniversityId = universityId, StudentNo = $"{prefix}{Students.Count + 1:D6}", Name = PersonName(), Major = major, Degree = degree,
                GraduationYear = _now.Year, CreatedAt = _now.AddDays(-15), UpdatedAt = _now.AddDays(-15),
            };
            if (claimed)
            {
                var user = NewUser($"s{student.StudentNo}@students.demo.jobfair.local", Roles.Student);
                student.UserId = user.Id;
                student.ClaimedAt = _now.AddDays(-_rng.Next(2, 12));
                student.Phone = "13" + _rng.Next(100_000_000, 999_999_999);
                Resumes.Add(new Resume { StudentId = student.Id, Title = $"{student.Name}-{major}-简历", Size = _pdf.Length, Content = _pdf,
                    UploadedAt = student.ClaimedAt.Value.AddHours(1) });
            }
            else
            {
                var code = ActivationCodes.New();
                _codes[student.Id] = code;
                student.ActivationCodeHash = ActivationCodes.Hash(universityId, student.StudentNo, code);
                student.ActivationCodeExpiresAt = _now + ActivationCodes.ValidFor;
            }
            Students.Add(student);
            students.Add(student);
        }
        return students;
    }

    private string PersonName() => Pick(Surnames) + Pick(GivenNameParts) + (_rng.Next(3) == 0 ? "" : Pick(GivenNameParts));

    /// <summary>
    /// 1,715 deliveries, 249 of them invited to a video interview, and their outcomes. The demo
    /// student is the fair's record holder: 62 resumes sent and 11 interviews.
    /// </summary>
    private void Deliver(Fair fair, List<Student> students, List<Position> postings, Dictionary<Guid, User> recruiters, Student demo)
    {
        var counts = students.ToDictionary(s => s.Id, _ => 1);
        counts[demo.Id] = 62;
        var others = students.Where(s => s.Id != demo.Id).ToList();
        while (counts.Values.Sum() < BigFairDeliveries) counts[others[_rng.Next(others.Count)].Id] += 1;

        // A fifth of the postings draw half of the resumes.
        var popular = postings.OrderBy(_ => _rng.Next()).Take(postings.Count / 5).ToList();
        // The demo recruiter's newest posting (the first on their positions page) draws 30 of them, so that its board is full.
        var demoEmployer = recruiters.Single(r => r.Value.Email == Accounts.Recruiter).Key;
        var showcase = postings.Where(p => p.EmployerId == demoEmployer).OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).First();
        var showcased = others.Take(30).Select(s => s.Id).ToHashSet();
        var applications = new List<(Application Application, Student Student)>();
        foreach (var student in students)
        {
            var resume = Resumes.First(r => r.StudentId == student.Id);
            var chosen = showcased.Contains(student.Id) ? new HashSet<Position> { showcase } : [];
            while (chosen.Count < counts[student.Id]) chosen.Add(_rng.Next(2) == 0 ? Pick(popular) : Pick(postings));
            foreach (var position in chosen)
            {
                var created = fair.StartsAt.AddMinutes(_rng.Next(0, (int)Math.Max(60, (_now - fair.StartsAt).TotalMinutes - 5)));
                var application = new Application
                {
                    StudentId = student.Id, UniversityId = student.UniversityId, PositionId = position.Id, EmployerId = position.EmployerId,
                    FairId = fair.Id, ResumeId = resume.Id, ResumeTitle = resume.Title, CreatedAt = created, UpdatedAt = created,
                };
                Applications.Add(application);
                applications.Add((application, student));
            }
        }

        var invited = applications.Where(a => a.Student.Id == demo.Id).OrderBy(a => a.Application.CreatedAt).Take(11)
            .Concat(applications.Where(a => a.Student.Id != demo.Id).OrderBy(_ => _rng.Next()).Take(BigFairInterviews - 11)).ToList();
        var invitedIds = invited.Select(a => a.Application.Id).ToHashSet();
        var signedStudents = new HashSet<Guid>();
        var offers = 0;
        foreach (var (application, student) in invited.OrderBy(a => a.Application.CreatedAt))
        {
            var recruiter = recruiters[application.EmployerId];
            var path = new List<string> { S.Viewed, S.InterviewInvited };
            // The demo student's fourth interview is the next one coming up.
            var slotStart = NextFreeStart(recruiter.Id, student.Id, application == invited[3].Application ? _now : application.CreatedAt.AddHours(1));
            // The demo student keeps two invitations open to book, and an offer to accept.
            var book = !(student.Id == demo.Id && application == invited[1].Application || student.Id == demo.Id && application == invited[2].Application);
            var held = book && slotStart.AddMinutes(30) <= _now;
            if (held && offers < 45 && _rng.Next(3) == 0 || student.Id == demo.Id && application == invited[0].Application && held)
            {
                path.Add(S.Offered);
                offers++;
                if (student.Id != demo.Id && offers % 3 != 0 && signedStudents.Add(student.Id)) path.Add(S.Signed);
            }
            else if (held && _rng.Next(4) == 0) path.Add(S.Rejected);
            Walk(application, path, recruiter.Id, student.UserId!.Value);
            if (book) Book(application, student, recruiter.Id, slotStart, held);
            else OpenSlots(application, recruiter.Id);
        }
        foreach (var (application, student) in applications.Where(a => !invitedIds.Contains(a.Application.Id)))
        {
            var roll = _rng.Next(100);
            string[] path = roll < 35 ? [] : roll < 65 ? [S.Viewed] : roll < 75 ? [S.Viewed, S.Shortlisted] : [S.Viewed, S.Rejected];
            Walk(application, path, recruiters[application.EmployerId].Id, student.UserId!.Value);
        }

        var demoUser = demo.UserId!.Value;
        Notify(demoUser, NotificationKinds.InterviewInvited, "面试邀请", "有用人单位邀请你参加视频面试，请在“我的面试”中预约时间。", "/me/interviews", 30);
        Notify(demoUser, NotificationKinds.ApplicationStatus, "收到录用意向", "一家用人单位向你发出了录用意向，可在“我的投递”中查看并签约。", "/me/applications", 10);
        var demoRecruiter = Users.First(u => u.Email == Accounts.Recruiter).Id;
        Notify(demoRecruiter, NotificationKinds.ApplicationReceived, "收到新简历", "有毕业生向你的岗位投递了简历。", "/employer", 5);
    }

    /// <summary>Moves an application along the contract's transitions, one recorded step at a time.</summary>
    private void Walk(Application application, IEnumerable<string> path, Guid recruiterId, Guid studentUserId)
    {
        var from = S.Submitted;
        var at = application.CreatedAt;
        foreach (var to in path)
        {
            at = at.AddMinutes(_rng.Next(10, 240));
            if (at > _now) at = _now.AddMinutes(-1);
            var (stored, by, role) = to == S.Signed ? (S.Signed, studentUserId, Roles.Student) : (to, recruiterId, Roles.Recruiter);
            Transitions.Add(new ApplicationTransition
            {
                ApplicationId = application.Id, FromStatus = from, ToStatus = stored, ByUserId = by, ByRole = role, At = at,
                Note = to == S.InterviewInvited ? "请按时参加视频面试。" : null,
            });
            if (to == S.Viewed)
                ResumeReads.Add(new ResumeRead { ResumeId = application.ResumeId, ReaderId = recruiterId, ReaderRole = Roles.Recruiter,
                    EmployerId = application.EmployerId, At = at });
            from = stored;
        }
        application.Status = from;
        application.UpdatedAt = at;
    }

    /// <summary>The next half hour when neither the recruiter nor the student is busy.</summary>
    private DateTimeOffset NextFreeStart(Guid recruiterId, Guid studentId, DateTimeOffset after)
    {
        var start = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute >= 30 ? 30 : 0, 0, TimeSpan.Zero).AddMinutes(30);
        while (Busy(recruiterId, start) || Busy(studentId, start)) start = start.AddMinutes(30);
        return start;
    }

    private bool Busy(Guid who, DateTimeOffset start) =>
        _studentBusy.TryGetValue(who, out var times) && times.Any(t => t.Start < start.AddMinutes(30) && start < t.End);

    private void Reserve(Guid who, DateTimeOffset start)
    {
        if (!_studentBusy.TryGetValue(who, out var times)) _studentBusy[who] = times = [];
        times.Add((start, start.AddMinutes(30)));
    }

    private void Book(Application application, Student student, Guid recruiterId, DateTimeOffset start, bool held)
    {
        var slot = new InterviewSlot
        {
            PositionId = application.PositionId, EmployerId = application.EmployerId, RecruiterId = recruiterId, StartsAt = start,
            EndsAt = start.AddMinutes(30), Capacity = 1, Booked = 1, CreatedAt = application.CreatedAt,
        };
        Slots.Add(slot);
        Reserve(recruiterId, start);
        Reserve(student.Id, start);
        Bookings.Add(new InterviewBooking
        {
            SlotId = slot.Id, ApplicationId = application.Id, StudentId = student.Id, PositionId = application.PositionId,
            EmployerId = application.EmployerId, FairId = application.FairId, StartsAt = slot.StartsAt, EndsAt = slot.EndsAt,
            Status = held ? (_rng.Next(12) == 0 ? BookingStatus.NoShow : BookingStatus.Completed) : BookingStatus.Booked,
            CreatedAt = application.CreatedAt.AddHours(1), UpdatedAt = application.CreatedAt.AddHours(1),
        });
    }

    /// <summary>Free slots tomorrow for an invitation the demo student has yet to book.</summary>
    private void OpenSlots(Application application, Guid recruiterId)
    {
        var from = MorningOf(_now.AddDays(1));
        for (var i = 0; i < 6; i++)
        {
            var start = from.AddMinutes(30 * i);
            if (Busy(recruiterId, start)) continue;
            Reserve(recruiterId, start);
            Slots.Add(new InterviewSlot
            {
                PositionId = application.PositionId, EmployerId = application.EmployerId, RecruiterId = recruiterId, StartsAt = start,
                EndsAt = start.AddMinutes(30), Capacity = 1, Booked = 0, CreatedAt = _now.AddHours(-2),
            });
        }
    }

    private void SmallFair(PairRef pair, string title, DateTimeOffset starts, DateTimeOffset ends,
        List<(Employer Employer, User Recruiter)> employers, int postings, int graduates)
    {
        var centre = Staff($"centre-{Fairs.Count}@demo.jobfair.local", pair.SupportedId);
        var fair = NewFair(IdOf($"fair:{pair.Id}"), pair, centre.Id, title, "一帮一结对高校联合举办的网络双选会，岗位向两校毕业生共享。", starts, ends);
        foreach (var (employer, _) in employers) Approve(fair, employer, centre.Id, starts.AddDays(-4));
        var employerIds = employers.Select(e => e.Employer.Id).ToHashSet();
        var shared = Positions.Where(p => employerIds.Contains(p.EmployerId)).OrderBy(_ => _rng.Next()).Take(postings).ToList();
        foreach (var p in shared) PositionFairs.Add(new PositionFair { PositionId = p.Id, FairId = fair.Id, SharedAt = starts.AddDays(-3) });
        if (graduates == 0) return;
        var students = Roster(pair.SupportedId, graduates, claimed: true, "2016");
        var recruiters = employers.ToDictionary(e => e.Employer.Id, e => e.Recruiter.Id);
        var signed = new HashSet<Guid>();
        foreach (var student in students)
        {
            var resume = Resumes.First(r => r.StudentId == student.Id);
            foreach (var position in shared.OrderBy(_ => _rng.Next()).Take(1 + _rng.Next(4)))
            {
                var created = starts.AddMinutes(_rng.Next(0, (int)Math.Max(30, (Min(ends, _now) - starts).TotalMinutes - 30)));
                var application = new Application
                {
                    StudentId = student.Id, UniversityId = student.UniversityId, PositionId = position.Id, EmployerId = position.EmployerId,
                    FairId = fair.Id, ResumeId = resume.Id, ResumeTitle = resume.Title, CreatedAt = created, UpdatedAt = created,
                };
                Applications.Add(application);
                var roll = _rng.Next(100);
                string[] path = ends <= _now && roll < 8 && signed.Add(student.Id)
                    ? [S.Viewed, S.InterviewInvited, S.Offered, S.Signed]
                    : roll < 40 ? [] : roll < 80 ? [S.Viewed] : [S.Viewed, S.Rejected];
                Walk(application, path, recruiters[position.EmployerId], student.UserId!.Value);
            }
        }
    }

    /// <summary>09:00 in Asia/Shanghai on that day.</summary>
    private static DateTimeOffset MorningOf(DateTimeOffset day) => new(day.Year, day.Month, day.Day, 1, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void Activity(PairRef pair, User by, string kind, string title, int participants, int daysAgo) => Activities.Add(new PairActivity
    {
        PairId = pair.Id, UniversityId = by.UniversityId!.Value, Kind = kind, Title = title, HeldAt = _now.AddDays(daysAgo).AddHours(-2),
        Participants = participants, RecordedBy = by.Id, CreatedAt = _now.AddDays(daysAgo),
    });

    private void Notify(Guid userId, string kind, string title, string body, string link, int minutesAgo) => Notifications.Add(new Notification
    {
        UserId = userId, Kind = kind, Title = title, Body = body, Link = link, CreatedAt = _now.AddMinutes(-minutesAgo),
    });

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];
}
