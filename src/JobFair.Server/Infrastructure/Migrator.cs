using System.Reflection;
using Npgsql;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Applies the numbered SQL files embedded from Infrastructure/Migrations, each once and in
/// order, recording them in schema_migrations. An advisory lock lets several nodes start together.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> log)
{
    private const long LockKey = 0x4A6F_6246_6169_72; // "JobFair"
    private const string Prefix = "migrations/";

    public static IReadOnlyList<(string Version, string Sql)> Embedded { get; } = LoadEmbedded();

    public async Task ApplyAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Execute(conn, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            await Execute(conn, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = await AppliedAsync(conn, ct);
            foreach (var (version, sql) in Embedded.Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                // No timeout: a migration rewriting a large table may take minutes, and is all or nothing.
                await using (var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 }) await cmd.ExecuteNonQueryAsync(ct);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES ($1)", conn, tx))
                {
                    record.Parameters.AddWithValue(version);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                LogApplied(version);
            }
        }
        finally
        {
            await Execute(conn, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
        // Migrations may add types or extensions that pooled connections have not seen.
        await conn.ReloadTypesAsync(ct);
    }

    /// <summary>Versions embedded in this build that the database has not recorded.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", conn);
        if (await exists.ExecuteScalarAsync(ct) is not true) return Embedded.Select(m => m.Version).ToList();
        var applied = await AppliedAsync(conn, ct);
        return Embedded.Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
    }

    private static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
        return applied;
    }

    private static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static List<(string, string)> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Path.GetFileNameWithoutExtension(n[Prefix.Length..]), reader.ReadToEnd());
            })
            .ToList();
    }

    [LoggerMessage(LogLevel.Information, "Applied migration {Version}")]
    private partial void LogApplied(string version);
}
