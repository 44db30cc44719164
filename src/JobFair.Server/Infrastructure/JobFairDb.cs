using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Fairs.Booths;
using JobFair.Server.Features.Guidance;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Interviews.Rooms;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Stats;
using JobFair.Server.Features.Students;
using JobFair.Server.Features.Universities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace JobFair.Server.Infrastructure;

/// <summary>The one unit of work: every capability's tables, Identity's, and the outbox.</summary>
public sealed class JobFairDb(DbContextOptions<JobFairDb> options)
    : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<University> Universities => Set<University>();
    public DbSet<Pair> Pairs => Set<Pair>();
    public DbSet<PairActivity> PairActivities => Set<PairActivity>();
    public DbSet<Employer> Employers => Set<Employer>();
    public DbSet<RecruiterInvitation> RecruiterInvitations => Set<RecruiterInvitation>();
    public DbSet<Fair> Fairs => Set<Fair>();
    public DbSet<Participation> Participations => Set<Participation>();
    public DbSet<Booth> Booths => Set<Booth>();
    public DbSet<QueueEntry> BoothQueueEntries => Set<QueueEntry>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<PositionFair> PositionFairs => Set<PositionFair>();
    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<Resume> Resumes => Set<Resume>();
    public DbSet<ResumeRead> ResumeReads => Set<ResumeRead>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApplicationTransition> ApplicationTransitions => Set<ApplicationTransition>();
    public DbSet<InterviewSlot> InterviewSlots => Set<InterviewSlot>();
    public DbSet<InterviewBooking> InterviewBookings => Set<InterviewBooking>();
    public DbSet<RoomVisit> RoomVisits => Set<RoomVisit>();
    public DbSet<RoomChatLine> RoomChatLines => Set<RoomChatLine>();
    public DbSet<RoomReminder> RoomReminders => Set<RoomReminder>();
    public DbSet<FairFigures> FairStats => Set<FairFigures>();
    public DbSet<FairUniversityFigures> FairUniversityStats => Set<FairUniversityFigures>();
    public DbSet<FairStatsMark> FairStatsMarks => Set<FairStatsMark>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<Counsellor> Counsellors => Set<Counsellor>();
    public DbSet<CounsellorPair> CounsellorPairs => Set<CounsellorPair>();
    public DbSet<LedgerAssignment> LedgerAssignments => Set<LedgerAssignment>();
    public DbSet<StudentKeyGroup> StudentKeyGroups => Set<StudentKeyGroup>();
    public DbSet<PlanEntry> PlanEntries => Set<PlanEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        IdentityTables.Configure(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(JobFairDb).Assembly);
        SnakeCaseNames.Apply(builder);
    }
}
