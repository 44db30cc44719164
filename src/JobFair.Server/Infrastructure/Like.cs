namespace JobFair.Server.Infrastructure;

/// <summary>Patterns for PostgreSQL's (I)LIKE built from a user's search text.</summary>
internal static class Like
{
    /// <summary>Matches any text containing <paramref name="text"/> (trimmed), with %, _ and \ in it taken literally.</summary>
    public static string Containing(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
