using System.Collections;
using System.Data;
using System.Data.Common;
using JobFair.Server.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Support;

/// <summary>
/// A server whose pages a test may make render early, at a chosen database command. A statically rendered
/// component renders once at the first await of its loading that does not complete synchronously; Npgsql's
/// awaits complete synchronously whenever the answer is already in the socket's buffer (more often under load),
/// so in production that render may come at any await, with the page's fields half assigned. In a request
/// carrying <see cref="Header"/> = n, every database command of the request runs synchronously except the n-th,
/// which yields: the page renders exactly there (or earlier, at a write of SaveChanges, which runs as usual). A page that throws in that render answers with the error page.
/// </summary>
public sealed class EarlyRenderApp : JobFairApp
{
    public const string Header = "X-Test-Render-At-Command";

    /// <summary>How many database commands the last request carrying the header ran.</summary>
    public int LastCommands => Volatile.Read(ref _lastCommands);

    private int _lastCommands;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddTransient<IStartupFilter>(_ => new PlanFromHeader(this));
            s.ConfigureDbContext<JobFairDb>(o => o.AddInterceptors(CommandPlan.Interceptor, CommandPlan.Connections));
        });
    }

    /// <summary>Requests the page once with the n-th command yielding, for every n its loading reaches (and one beyond: no yield at all).</summary>
    public async Task<List<(int Command, Pages.Page Page)>> RenderAtEveryCommandAsync(Pages pages, string url)
    {
        var rendered = new List<(int, Pages.Page)>();
        for (var n = 1; n == 1 || n <= LastCommands + 1; n++)
        {
            pages.Http.DefaultRequestHeaders.Remove(Header);
            pages.Http.DefaultRequestHeaders.Add(Header, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try { rendered.Add((n, await pages.GetAsync(url))); }
            finally { pages.Http.DefaultRequestHeaders.Remove(Header); }
        }
        return rendered;
    }

    private sealed class PlanFromHeader(EarlyRenderApp app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (http, inner) =>
            {
                if (!int.TryParse(http.Request.Headers[Header].ToString(), out var yieldAt))
                {
                    await inner(http);
                    return;
                }
                var plan = new CommandPlan(yieldAt);
                CommandPlan.Current.Value = plan;
                try { await inner(http); }
                finally { Volatile.Write(ref app._lastCommands, plan.Count); }
            });
            next(builder);
        };
    }
}

/// <summary>The commands of one request: which of them yields; the others run synchronously.</summary>
internal sealed class CommandPlan(int yieldAt)
{
    public static readonly AsyncLocal<CommandPlan?> Current = new();
    public static readonly DbCommandInterceptor Interceptor = new Commands();
    public static readonly DbConnectionInterceptor Connections = new SyncConnections();

    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether this command (the request's next) is the one to yield.</summary>
    private bool Next() => Interlocked.Increment(ref _count) == yieldAt;

    private sealed class Commands : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Current.Value is not { } plan) return result;
            if (plan.Next())
            {
                await Task.Yield();
                return result;
            }
            // Npgsql's SaveChanges reads what each statement changed from its own reader type: those run as usual.
            if (eventData.CommandSource == CommandSource.SaveChanges) return result;
            return InterceptionResult<DbDataReader>.SuppressWithResult(new SyncReader(command.ExecuteReader()));
        }

        public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            if (Current.Value is not { } plan) return result;
            if (plan.Next())
            {
                await Task.Yield();
                return result;
            }
            return InterceptionResult<object>.SuppressWithResult(command.ExecuteScalar()!);
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Current.Value is not { } plan) return result;
            if (plan.Next())
            {
                await Task.Yield();
                return result;
            }
            return InterceptionResult<int>.SuppressWithResult(command.ExecuteNonQuery());
        }
    }

    /// <summary>Opens and closes the request's connections synchronously, so that only the chosen command yields.</summary>
    private sealed class SyncConnections : DbConnectionInterceptor
    {
        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Current.Value is null) return ValueTask.FromResult(result);
            connection.Open();
            return ValueTask.FromResult(InterceptionResult.Suppress());
        }

        public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result)
        {
            if (Current.Value is null) return ValueTask.FromResult(result);
            connection.Close();
            return ValueTask.FromResult(InterceptionResult.Suppress());
        }
    }

    /// <summary>Npgsql's reader whose asynchronous reads are its synchronous ones (closing and disposing already are, in DbDataReader).</summary>
    private sealed class SyncReader(DbDataReader inner) : DbDataReader
    {
        public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(inner.Read());
        public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => Task.FromResult(inner.NextResult());
        public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => Task.FromResult(inner.IsDBNull(ordinal));
        public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => Task.FromResult(inner.GetFieldValue<T>(ordinal));
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);
        public override bool Read() => inner.Read();
        public override bool NextResult() => inner.NextResult();
        public override void Close() => inner.Close();
        public override int FieldCount => inner.FieldCount;
        public override int VisibleFieldCount => inner.VisibleFieldCount;
        public override bool HasRows => inner.HasRows;
        public override bool IsClosed => inner.IsClosed;
        public override int RecordsAffected => inner.RecordsAffected;
        public override int Depth => inner.Depth;
        public override object this[int ordinal] => inner[ordinal];
        public override object this[string name] => inner[name];
        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
            inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        public override char GetChar(int ordinal) => inner.GetChar(ordinal);
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
            inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
        public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();
        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
        public override string GetName(int ordinal) => inner.GetName(ordinal);
        public override int GetOrdinal(string name) => inner.GetOrdinal(name);
        public override string GetString(int ordinal) => inner.GetString(ordinal);
        public override object GetValue(int ordinal) => inner.GetValue(ordinal);
        public override int GetValues(object[] values) => inner.GetValues(values);
        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
        public override DataTable? GetSchemaTable() => inner.GetSchemaTable();
        public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);
        public override TextReader GetTextReader(int ordinal) => inner.GetTextReader(ordinal);
        public override Type GetProviderSpecificFieldType(int ordinal) => inner.GetProviderSpecificFieldType(ordinal);
        public override object GetProviderSpecificValue(int ordinal) => inner.GetProviderSpecificValue(ordinal);
    }
}
