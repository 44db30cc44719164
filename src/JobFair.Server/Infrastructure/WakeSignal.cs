namespace JobFair.Server.Infrastructure;

/// <summary>
/// Wakes a background loop early: any number of notifications before it next waits count as one,
/// and a wait with nothing notified ends at its timeout (the loop's poll).
/// </summary>
public abstract class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); }
            catch (SemaphoreFullException) { /* someone else woke it already */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public void Dispose()
    {
        _semaphore.Dispose();
        GC.SuppressFinalize(this);
    }
}
