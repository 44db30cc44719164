using System.Data.Common;
using System.Runtime.CompilerServices;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Interviews;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JobFair.Server.Infrastructure.Telemetry;

/// <summary>
/// Counts applications and bookings when they commit, on the node that committed them, from the
/// events the handler wrote to the outbox in the same transaction: a rolled-back change is never
/// counted and no slice needs a line of metrics code. Counting here rather than querying the
/// database keeps each node's counter its own, so a cluster's rate is the sum over its nodes.
/// </summary>
internal sealed class CommittedEvents(PlatformMetrics metrics) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly string Application = OutboxTypeName(typeof(ApplicationSubmitted));
    private static readonly string Booking = OutboxTypeName(typeof(BookingChanged));

    /// <summary>Per context (used by one thread at a time): what it is saving, and what it saved in an open transaction.</summary>
    private readonly ConditionalWeakTable<DbContext, State> _states = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, saving: true);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, saving: true);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Count(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Count(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, saving: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, saving: false);
        return Task.CompletedTask;
    }

    /// <summary>Before saving: the events about to be written (their entries are no longer "added" afterwards).</summary>
    private void Capture(DbContext? db)
    {
        if (db is null) return;
        List<string?>? saving = null;
        foreach (var entry in db.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State != EntityState.Added) continue;
            var message = entry.Entity;
            if (message.Type == Application) (saving ??= []).Add(null);
            else if (message.Type == Booking && message.Deserialize() is BookingChanged booking) (saving ??= []).Add(booking.Change);
        }
        if (saving is not null) _states.GetOrCreateValue(db).Saving = saving;
        else if (_states.TryGetValue(db, out var state)) state.Saving = [];
    }

    /// <summary>Saved: counted at once when the save committed by itself, else when its transaction commits.</summary>
    private void Saved(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state)) return;
        state.Uncommitted.AddRange(state.Saving);
        state.Saving = [];
        if (db.Database.CurrentTransaction is null) Count(db);
    }

    private void Forget(DbContext? db, bool saving)
    {
        if (db is null || !_states.TryGetValue(db, out var state)) return;
        if (saving) state.Saving = [];
        else state.Uncommitted.Clear();
    }

    private void Count(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state)) return;
        foreach (var change in state.Uncommitted)
        {
            if (change is null) metrics.ApplicationsSubmitted.Add(1);
            else metrics.BookingChanges.Add(1, new KeyValuePair<string, object?>("change", change));
        }
        state.Uncommitted.Clear();
    }

    private static string OutboxTypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>An entry per event: null for an application, the change for a booking.</summary>
    private sealed class State
    {
        public List<string?> Saving { get; set; } = [];
        public List<string?> Uncommitted { get; } = [];
    }
}
