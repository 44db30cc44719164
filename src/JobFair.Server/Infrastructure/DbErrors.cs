using Npgsql;

namespace JobFair.Server.Infrastructure;

public static class DbErrors
{
    /// <summary>A unique index refused the write: someone got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException e, string? constraint = null) =>
        e.InnerException is PostgresException pg && pg.IsUniqueViolation(constraint);

    public static bool IsUniqueViolation(this PostgresException e, string? constraint = null) =>
        e.SqlState == PostgresErrorCodes.UniqueViolation && (constraint is null || e.ConstraintName == constraint);

    /// <summary>An exclusion constraint refused the write: it overlaps what is already there.</summary>
    public static bool IsExclusionViolation(this Exception e, string constraint) =>
        Postgres(e) is { SqlState: PostgresErrorCodes.ExclusionViolation } pg && pg.ConstraintName == constraint;

    /// <summary>A check (a CHECK constraint, or a trigger raising check_violation under this name) refused the write.</summary>
    public static bool IsCheckViolation(this Exception e, string constraint) =>
        Postgres(e) is { SqlState: PostgresErrorCodes.CheckViolation } pg && pg.ConstraintName == constraint;

    /// <summary>
    /// PostgreSQL broke a deadlock or a serialization conflict by aborting this transaction;
    /// running it again from the start is safe and usually succeeds.
    /// </summary>
    public static bool IsRetryable(this Exception e) =>
        Postgres(e)?.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private static PostgresException? Postgres(Exception e) => e as PostgresException ?? e.InnerException as PostgresException;
}

/// <summary>Runs a transaction again when PostgreSQL aborted it to break a deadlock.</summary>
public static class DbRetry
{
    public static async Task<T> RetryAsync<T>(this JobFairDb db, Func<Task<T>> work, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await work(); }
            catch (Exception e) when (attempt < attempts && e.IsRetryable())
            {
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(5, 20 * attempt));
            }
        }
    }
}
