namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>The tables of pushes by major, as sets of the one unit of work.</summary>
public static class PushTables
{
    extension(JobFairDb db)
    {
        public DbSet<Major> Majors => db.Set<Major>();
        public DbSet<Recommendation> Recommendations => db.Set<Recommendation>();
        public DbSet<PushDay> PushDays => db.Set<PushDay>();
        public DbSet<PushPreference> PushPreferences => db.Set<PushPreference>();
        public DbSet<PushRelease> PushReleases => db.Set<PushRelease>();
    }
}
