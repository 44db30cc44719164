using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Fairs.Booths;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Demo;

/// <summary>
/// The demo recruiter's walk-up booth at the big fair: open, a few talks already held (so the wait
/// estimate has a pace of its own, shown as a range), and a line of graduates waiting, the demo
/// student last, so that recruiter@ lands on a populated console and student@ sees their place.
/// </summary>
internal sealed partial class DemoWorld
{
    public List<Booth> Booths { get; } = [];
    public List<QueueEntry> QueueEntries { get; } = [];

    // Minutes of the talks held this morning, and how long ago each waiting graduate joined.
    private static readonly int[] HeldTalks = [8, 12, 9, 11];
    private static readonly int[] JoinedMinutesAgo = [26, 21, 17, 12, 8, 4];

    private void Booth(Fair fair, Employer employer, User recruiter, List<Student> graduates, Student demoStudent)
    {
        var others = graduates.Where(g => g.Id != demoStudent.Id && g.UserId is not null).Take(HeldTalks.Length + JoinedMinutesAgo.Length - 1).ToList();
        long ticket = 0;
        // Held one after another, the last ending about half an hour ago.
        var at = _now.AddMinutes(-30 - HeldTalks.Sum() - HeldTalks.Length);
        foreach (var (student, minutes) in others.Zip(HeldTalks))
        {
            var (called, entered) = (at, at.AddSeconds(40));
            var ended = entered.AddMinutes(minutes);
            QueueEntries.Add(new QueueEntry
            {
                FairId = fair.Id, EmployerId = employer.Id, StudentId = student.Id, Ticket = ++ticket, HolderSlot = 1,
                Status = EntryStatus.Served, JoinedAt = called.AddMinutes(-15), CalledAt = called, CalledBy = recruiter.Id,
                CallExpiresAt = called + QueueLine.CallTimeout, EnteredAt = entered, TalkEndedAt = ended, EndedAt = ended,
            });
            at = ended.AddSeconds(20);
        }
        var waiting = others.Skip(HeldTalks.Length).Append(demoStudent).ToList();
        foreach (var (student, minutesAgo) in waiting.Zip(JoinedMinutesAgo))
            QueueEntries.Add(new QueueEntry
            {
                FairId = fair.Id, EmployerId = employer.Id, StudentId = student.Id, Ticket = ++ticket, HolderSlot = 1,
                JoinedAt = _now.AddMinutes(-minutesAgo),
            });
        Booths.Add(new Booth
        {
            FairId = fair.Id, EmployerId = employer.Id, Status = BoothStatus.Open, Cap = 60, MinutesPerTalk = 10, LastTicket = ticket,
            UpdatedAt = _now.AddHours(-2), UpdatedBy = recruiter.Id,
        });
    }
}
