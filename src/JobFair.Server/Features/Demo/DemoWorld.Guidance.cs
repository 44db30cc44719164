using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Guidance;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using K = JobFair.Server.Features.Guidance.PlanEntryKinds;

namespace JobFair.Server.Features.Demo;

/// <summary>
/// The big pair's counsellors and ledgers: 武汉华夏理工学院's counsellors by school, the demo
/// counsellor paired with one of 江南大学, and plans for most of their graduates (actions open, done
/// and overdue, contacts recent and stale, notes, key groups, the partner's advice), so that the
/// demo counsellor opens a ledger with work waiting.
/// </summary>
internal sealed partial class DemoWorld
{
    public List<Counsellor> Counsellors { get; } = [];
    public List<CounsellorPair> CounsellorPairs { get; } = [];
    public List<LedgerAssignment> LedgerAssignments { get; } = [];
    public List<StudentKeyGroup> KeyGroupRows { get; } = [];
    public List<PlanEntry> PlanEntries { get; } = [];

    private static readonly (string Department, string[] Majors)[] Schools =
    [
        ("信息工程学院", ["计算机科学与技术", "软件工程", "物联网工程", "数据科学与大数据技术"]),
        ("机械与电气工程学院", ["机械设计制造及其自动化", "电气工程及其自动化", "智能制造工程", "机械电子工程", "机电一体化技术"]),
        ("经济管理学院", ["会计学", "财务管理", "市场营销", "大数据与会计"]),
        ("土木与建筑工程学院", ["土木工程", "工程管理", "工程造价", "建筑工程技术"]),
    ];

    private static readonly string[] ActionTexts =
    [
        "修改简历，突出项目经历", "推荐三个专业对口岗位并跟进投递", "参加视频面试模拟训练", "约谈确定求职意向（城市、行业）",
        "报名下一场云双选会", "联系用人单位了解面试结果", "指导准备签约材料", "推荐参加求职训练营",
    ];

    private static readonly string[] ContactSummaries =
    [
        "电话了解求职进展，已投递多份简历，等待回复", "微信沟通简历修改意见，学生已按建议修改", "视频面谈求职意向，倾向留在武汉就业",
        "电话提醒预约视频面试时间", "微信推送对口岗位信息，学生表示会投递", "面谈缓解求职焦虑，约定一周后再联系",
    ];

    private static readonly string[] NoteTexts =
    [
        "家庭经济较困难，优先推荐有住宿的岗位", "考研失利后转向就业，需要加强面试指导", "专业成绩优秀，目标明确", "性格内向，建议先参加模拟面试",
    ];

    private void Guidance(PairRef big, User centre, User partnerCentre, List<Position> postings, Student demoStudent)
    {
        var own = Schools.Select((school, i) => NewCounsellor(i == 0 ? Accounts.Counsellor : $"counsellor{i}@staff.demo.jobfair.local",
            big.SupportedId, centre.Id, CounsellorNames[i], school.Department, school.Majors)).ToList();
        var partner = NewCounsellor(Accounts.PartnerCounsellor, big.SupportingId, partnerCentre.Id, "顾晓雯", "物联网工程学院",
            ["计算机科学与技术", "软件工程", "物联网工程"]);
        var demo = own[0];
        CounsellorPairs.Add(new CounsellorPair
        {
            PairId = big.Id, SupportedCounsellorId = demo.Id, SupportingCounsellorId = partner.Id, CreatedBy = partnerCentre.Id,
            CreatedAt = _now.AddDays(-8),
        });
        // The fair's record holder is followed by the demo counsellor whatever their major.
        if (!demo.Majors.Contains(demoStudent.Major))
            LedgerAssignments.Add(new LedgerAssignment { CounsellorId = demo.Id, StudentId = demoStudent.Id, AssignedBy = centre.Id, AssignedAt = _now.AddDays(-7) });

        foreach (var counsellor in own.Append(partner))
        {
            var assigned = LedgerAssignments.Where(a => a.CounsellorId == counsellor.Id).Select(a => a.StudentId).ToHashSet();
            var graduates = Students.Where(s => s.UniversityId == counsellor.UniversityId &&
                (counsellor.Majors.Contains(s.Major) || assigned.Contains(s.Id))).ToList();
            // The demo counsellor keeps a plan for most graduates; the others have begun theirs.
            var share = counsellor == demo ? 0.8 : 0.35;
            var centreId = counsellor == partner ? partnerCentre.Id : centre.Id;
            foreach (var graduate in graduates.Where(_ => _rng.NextDouble() < share)) Plan(counsellor, graduate, centreId);
        }
        var demoGraduates = Students.Where(s => s.UniversityId == demo.UniversityId && (demo.Majors.Contains(s.Major) || s.Id == demoStudent.Id)).ToList();
        foreach (var graduate in demoGraduates.Where(_ => _rng.Next(4) == 0).Take(10))
        {
            var matching = postings.Where(p => p.Majors.Contains(graduate.Major)).Take(50).ToList();
            if (matching.Count == 0) continue;
            var position = Pick(matching);
            PlanEntries.Add(new PlanEntry
            {
                StudentId = graduate.Id, Kind = K.Advice, Text = $"推荐关注{position.EmployerName}的“{position.Title}”，与专业高度对口，可优先投递。",
                PositionId = position.Id, AuthorId = partner.Id, AuthorUniversityId = partner.UniversityId, CreatedAt = _now.AddDays(-_rng.Next(1, 6)),
            });
        }
    }

    private static readonly string[] CounsellorNames = ["刘晓燕", "陈国栋", "黄丽娟", "周建平"];

    private Counsellor NewCounsellor(string email, Guid universityId, Guid createdBy, string name, string department, string[] majors)
    {
        var user = NewUser(email, Roles.Counsellor, universityId);
        var counsellor = new Counsellor
        {
            UserId = user.Id, UniversityId = universityId, Name = name, Department = department, Majors = [.. majors],
            CreatedBy = createdBy, CreatedAt = _now.AddDays(-10),
        };
        Counsellors.Add(counsellor);
        return counsellor;
    }

    /// <summary>A graduate's plan: one or two actions (done, open, or overdue), contacts, maybe a note and a key group.</summary>
    private void Plan(Counsellor counsellor, Student graduate, Guid centreId)
    {
        for (var i = 0; i < 1 + _rng.Next(2); i++)
        {
            var due = _now.AddDays(_rng.Next(-6, 12)).AddHours(_rng.Next(0, 8));
            var done = due < _now && _rng.Next(3) > 0;
            PlanEntries.Add(new PlanEntry
            {
                StudentId = graduate.Id, Kind = K.Action, Text = Pick(ActionTexts), DueAt = due, DoneAt = done ? due.AddHours(-_rng.Next(1, 48)) : null,
                DoneBy = done ? counsellor.Id : null, AuthorId = counsellor.Id, AuthorUniversityId = counsellor.UniversityId,
                CreatedAt = _now.AddDays(-_rng.Next(7, 14)),
            });
        }
        var contacts = _rng.Next(3);
        for (var i = 0; i < contacts; i++)
        {
            var at = _now.AddDays(-_rng.Next(0, 16)).AddHours(-_rng.Next(0, 10));
            PlanEntries.Add(new PlanEntry
            {
                StudentId = graduate.Id, Kind = K.Contact, Text = Pick(ContactSummaries), ContactedAt = at, Channel = Pick(ContactChannels.All),
                AuthorId = counsellor.Id, AuthorUniversityId = counsellor.UniversityId, CreatedAt = at.AddMinutes(20),
            });
        }
        if (_rng.Next(4) == 0)
            PlanEntries.Add(new PlanEntry
            {
                StudentId = graduate.Id, Kind = K.Note, Text = Pick(NoteTexts), AuthorId = counsellor.Id,
                AuthorUniversityId = counsellor.UniversityId, CreatedAt = _now.AddDays(-_rng.Next(1, 10)),
            });
        if (_rng.Next(8) == 0 && KeyGroupRows.All(k => k.StudentId != graduate.Id))
            KeyGroupRows.Add(new StudentKeyGroup
            {
                StudentId = graduate.Id, Code = Pick(["poor_household", "low_income", "zero_employment_family", "disability", "ethnic_minority"]),
                SetBy = centreId, SetAt = _now.AddDays(-9),
            });
    }
}
