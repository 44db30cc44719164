using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JobFair.Server.Infrastructure.Outbox;

/// <summary>Signals the dispatcher once outbox rows are committed, so events leave at once.</summary>
internal sealed class OutboxInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null &&
            db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            // Auto-committed save: the rows are visible once it returns.
            db.SavedChanges += (_, _) => signal.Notify();
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();
}
