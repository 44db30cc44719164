using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// One database transaction around the whole of a request's work, so that what a handler changed
/// and what the request remembers about it (its Idempotency-Key's answer) commit together or not at
/// all. Handlers keep their code as it is: a transaction they begin, or the one SaveChanges begins,
/// becomes a savepoint inside this one (<see cref="Interceptor"/>, <see cref="PartFactory"/>), so their commit still means
/// "keep my part" (deferred constraints are checked at that moment, as a real commit would), their
/// rollback "undo my part", and a deadlock retry starts its part again. Statements a handler runs
/// outside a transaction of its own simply join this one.
/// </summary>
internal sealed class EnclosingTransaction : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<DbContext, EnclosingTransaction> Active = [];

    /// <summary>Registered on every JobFairDb; it does nothing unless an enclosing transaction is active on that context.</summary>
    public static readonly IDbTransactionInterceptor Interceptor = new SavepointInterceptor();

    private readonly JobFairDb _db;
    private readonly AutoTransactionBehavior _autoTransactions;
    private int _savepoints;
    private bool _finished;

    public NpgsqlTransaction Transaction { get; }
    public NpgsqlConnection Connection => Transaction.Connection!;

    private EnclosingTransaction(JobFairDb db, NpgsqlTransaction transaction)
    {
        _db = db;
        Transaction = transaction;
        _autoTransactions = db.Database.AutoTransactionBehavior;
        // A SaveChanges that fails (a unique index refusing a duplicate, which handlers answer with a 409)
        // must undo only itself, so it always runs in a transaction of its own: here, a savepoint.
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        Active.AddOrUpdate(db, this);
    }

    /// <summary>Opens the context's connection and begins the enclosing transaction on it.</summary>
    public static async Task<EnclosingTransaction> BeginAsync(JobFairDb db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("An enclosing transaction must be begun before any other.");
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Begun on the connection itself: EF does not know of it, so a handler may still begin "its own".
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            return new EnclosingTransaction(db, await connection.BeginTransactionAsync(ct));
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
        _finished = true;
    }

    /// <summary>Undoes everything (also what handlers "committed" inside it). Safe on a broken connection.</summary>
    public async Task RollbackAsync()
    {
        if (_finished) return;
        _finished = true;
        try
        {
            await Transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone (the server or the network failed): PostgreSQL has rolled back already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await Transaction.DisposeAsync();
        Active.Remove(_db);
        _db.Database.AutoTransactionBehavior = _autoTransactions;
        await _db.Database.CloseConnectionAsync();
    }

    /// <summary>The savepoint just begun for a handler's transaction, until <see cref="PartFactory"/> wraps it.</summary>
    private string? _pendingPart;

    private string BeginPart()
    {
        var name = $"jf_part_{Interlocked.Increment(ref _savepoints)}";
        _pendingPart = name;
        return name;
    }

    /// <summary>A handler begins a transaction: begin a savepoint instead, and hand EF the enclosing transaction.</summary>
    private sealed class SavepointInterceptor : DbTransactionInterceptor
    {
        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            if (eventData.Context is null || !Active.TryGetValue(eventData.Context, out var enclosing)) return result;
            enclosing.Transaction.Save(enclosing.BeginPart());
            return InterceptionResult<DbTransaction>.SuppressWithResult(enclosing.Transaction);
        }

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is null || !Active.TryGetValue(eventData.Context, out var enclosing)) return result;
            await enclosing.Transaction.SaveAsync(enclosing.BeginPart(), cancellationToken);
            return InterceptionResult<DbTransaction>.SuppressWithResult(enclosing.Transaction);
        }
    }

    /// <summary>Replaces EF's transaction factory: wraps a savepoint begun above as the handler's transaction.</summary>
    internal sealed class PartFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
    {
        public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
            IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned)
        {
            if (connection.Context is not { } context || !Active.TryGetValue(context, out var enclosing) || enclosing._pendingPart is not { } name)
                return base.Create(connection, transaction, transactionId, logger, transactionOwned);
            enclosing._pendingPart = null;
            return new Part(enclosing, name, connection, transaction, transactionId, logger, Dependencies.SqlGenerationHelper);
        }
    }

    /// <summary>
    /// What a handler holds as its transaction while an enclosing one is active: committing releases its
    /// savepoint, rolling back (or leaving without a commit) undoes its part only. EF's own savepoints
    /// (SaveChanges makes one) work on the enclosing transaction as usual.
    /// </summary>
    private sealed class Part(EnclosingTransaction enclosing, string name, IRelationalConnection connection, DbTransaction transaction,
        Guid transactionId, IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, ISqlGenerationHelper sql)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned: false, sql)
    {
        // A real commit checks deferred constraints (a student's overlapping bookings, 0006): check them
        // now, then set them back to deferred for whatever part comes next. IdempotencyTests holds that every
        // deferrable constraint is initially deferred, which is what makes "ALL DEFERRED" their default.
        // One command with the release: a round trip less on every write of a request (the name is ours, jf_part_N).
        private string KeepPart => $"SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED; RELEASE SAVEPOINT {name}";
        private bool _done;

        private NpgsqlTransaction Outer => enclosing.Transaction;

        public override void Commit()
        {
            using (var keep = new NpgsqlCommand(KeepPart, Outer.Connection, Outer)) keep.ExecuteNonQuery();
            _done = true;
            ClearTransaction();
        }

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await using (var keep = new NpgsqlCommand(KeepPart, Outer.Connection, Outer))
                await keep.ExecuteNonQueryAsync(cancellationToken);
            _done = true;
            await ClearTransactionAsync(cancellationToken);
        }

        public override void Rollback()
        {
            _done = true;
            Outer.Rollback(name);
            Outer.Release(name);
            ClearTransaction();
        }

        public override async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            _done = true;
            await Outer.RollbackAsync(name, cancellationToken);
            await Outer.ReleaseAsync(name, cancellationToken);
            await ClearTransactionAsync(cancellationToken);
        }

        /// <summary>Left without a commit (the handler returned early, failed, or retries): undo this part only.</summary>
        public override void Dispose()
        {
            if (!_done && !enclosing._finished)
            {
                _done = true;
                try { Outer.Rollback(name); Outer.Release(name); }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { /* the enclosing transaction fails as a whole */ }
            }
            base.Dispose();
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_done && !enclosing._finished)
            {
                _done = true;
                try { await Outer.RollbackAsync(name); await Outer.ReleaseAsync(name); }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { /* the enclosing transaction fails as a whole */ }
            }
            await base.DisposeAsync();
        }
    }
}
