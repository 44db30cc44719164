using Npgsql;

namespace JobFair.Server.Infrastructure;

public static class DbErrors
{
    /// <summary>A unique index refused the write: someone got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException e, string? constraint = null) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg &&
        (constraint is null || pg.ConstraintName == constraint);
}
