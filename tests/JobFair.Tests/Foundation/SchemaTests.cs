using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace JobFair.Tests.Foundation;

/// <summary>
/// `dotnet ef` is not obtainable here, so migrations are hand-written SQL; these tests keep
/// them honest against the EF model and prove they apply once, in order, under concurrency.
/// </summary>
public sealed class SchemaTests : IAsyncLifetime
{
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private sealed record Column(string Table, string Name, string Type, bool Nullable);
    private sealed record Index(string Table, string Name, string Columns, bool Unique, string? Filter);

    [Fact]
    public async Task The_migrated_schema_matches_the_EF_model()
    {
        await using var dataSource = NpgsqlDataSource.Create(_cs);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).ApplyAsync();
        await using var db = new JobFairDb(new DbContextOptionsBuilder<JobFairDb>().UseNpgsql(dataSource).Options);
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

        var expectedColumns = model.Tables.SelectMany(t => t.Columns.Select(c =>
            new Column(t.Name, c.Name, c.StoreType, c.IsNullable))).ToHashSet();
        var expectedIndexes = model.Tables.SelectMany(t => t.Indexes.Select(i =>
            new Index(t.Name, i.Name, string.Join(",", i.Columns.Select(c => c.Name)), i.IsUnique, i.Filter))).ToHashSet();

        // A partitioned table is one table to EF: its partitions and their copies of its indexes are not.
        var actualColumns = await ReadAsync(dataSource, """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname <> 'schema_migrations'
            """, r => new Column(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)));
        var actualIndexes = await ReadAsync(dataSource, """
            SELECT t.relname, i.relname,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum),
                   x.indisunique, pg_get_expr(x.indpred, x.indrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT x.indisprimary AND NOT i.relispartition AND t.relname <> 'schema_migrations'
              -- Exclusion constraints (0006) have no counterpart in the EF model; the interview tests prove them.
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'x')
            """, r => new Index(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetString(4)));

        AssertSame("columns", expectedColumns, actualColumns);
        // PostgreSQL prints filters in its own normal form; compare them loosely.
        AssertSame("indexes", expectedIndexes.Select(Normalise), actualIndexes.Select(Normalise));
    }

    [Fact]
    public async Task Migrations_apply_once_in_order_even_when_several_nodes_start_together()
    {
        await using var dataSource = NpgsqlDataSource.Create(_cs);
        var nodes = Enumerable.Range(0, 4).Select(_ => new Migrator(dataSource, NullLogger<Migrator>.Instance)).ToList();

        Assert.Equal(Migrator.Embedded.Select(m => m.Version), await nodes[0].PendingAsync());
        await Task.WhenAll(nodes.Select(n => n.ApplyAsync()));
        await nodes[0].ApplyAsync();

        var versions = await ReadAsync(dataSource, "SELECT version FROM schema_migrations ORDER BY applied_at, version", r => r.GetString(0));
        Assert.Equal(Migrator.Embedded.Select(m => m.Version), versions);
        Assert.Empty(await nodes[1].PendingAsync());
        // The contract's five roles, once each.
        Assert.Equal(["admin", "centre", "counsellor", "recruiter", "student"],
            await ReadAsync(dataSource, "SELECT name FROM roles ORDER BY name", r => r.GetString(0)));
    }

    private static Index Normalise(Index i) => i with
    {
        Filter = i.Filter is null ? null : System.Text.RegularExpressions.Regex.Replace(i.Filter, @"::[a-z ]+|[()\s]", "",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase).ToUpperInvariant(),
    };

    private static void AssertSame<T>(string what, IEnumerable<T> model, IEnumerable<T> database)
    {
        var inModel = model.Select(r => r!.ToString()!).ToHashSet();
        var inDatabase = database.Select(r => r!.ToString()!).ToHashSet();
        var onlyModel = inModel.Except(inDatabase).Order(StringComparer.Ordinal).ToList();
        var onlyDatabase = inDatabase.Except(inModel).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlyModel.Count == 0 && onlyDatabase.Count == 0,
            $"{what} differ; write a migration.\nOnly in the EF model:\n  {string.Join("\n  ", onlyModel)}" +
            $"\nOnly in the migrated database:\n  {string.Join("\n  ", onlyDatabase)}");
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }
}
