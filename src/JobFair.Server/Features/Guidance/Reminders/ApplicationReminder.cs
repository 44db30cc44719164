using JobFair.Server.Features.Applications;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>
/// An application left <c>submitted</c> for <see cref="Unread.RemindAfter"/> whose employer's
/// recruiters were reminded of it. The key makes the reminder happen once, whichever node finds it first.
/// </summary>
public sealed class ApplicationReminder
{
    public Guid ApplicationId { get; init; }
    public DateTimeOffset RemindedAt { get; init; }
}

internal sealed class ApplicationReminderConfiguration : IEntityTypeConfiguration<ApplicationReminder>
{
    public void Configure(EntityTypeBuilder<ApplicationReminder> b)
    {
        b.ToTable("application_reminders");
        b.HasKey(r => r.ApplicationId);
        b.HasOne<Application>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class ReminderTables
{
    extension(JobFairDb db)
    {
        public DbSet<ApplicationReminder> ApplicationReminders => db.Set<ApplicationReminder>();
    }
}
