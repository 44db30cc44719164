using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Web;

/// <summary>
/// Where the <see cref="PageCache"/> keeps its copies. A copy is served while it is fresh; once it has
/// expired, the next reader renders the page anew and, until that copy is stored, the readers after
/// them get the expired one instead of waiting for the rendering: on a busy fair day a page's renewal
/// would otherwise hold up every reader of that page for as long as it takes (its p99 in
/// docs/performance.md, pages). An expired copy is given out for at most as long again as it was fresh;
/// after that, or when no copy exists, readers wait for the rendering (one rendering for all of them).
/// (A copy's age counts from when it was stored, after its rendering: what a reader gets is older by that
/// rendering's time.) Copies take at most <see cref="OutputCacheOptions.SizeLimit"/> bytes in all, as in
/// the framework's store; the memory cache also drops them after twice their freshness by the system clock,
/// while their freshness is read from the injected <see cref="TimeProvider"/>: a test with a fake clock and
/// the cache on would see copies vanish in real time.
/// </summary>
internal sealed class RenewingPageStore(IOptions<OutputCacheOptions> options, TimeProvider time) : IOutputCacheStore, IDisposable
{
    /// <summary>
    /// A renewal that has not stored its copy after this long (it failed, or its answer was not one to keep)
    /// is taken over by the next reader: half the copy's freshness, at most 10 s, so that it happens while
    /// the expired copy may still be given out.
    /// </summary>
    public static TimeSpan RenewalTimeout(TimeSpan validFor) => TimeSpan.FromTicks(Math.Min(validFor.Ticks / 2, TimeSpan.FromSeconds(10).Ticks));

    private readonly MemoryCache _copies = new(new MemoryCacheOptions { SizeLimit = options.Value.SizeLimit });

    private sealed class Copy(byte[] value, DateTimeOffset storedAt, TimeSpan validFor)
    {
        public byte[] Value { get; } = value;
        public DateTimeOffset StoredAt { get; } = storedAt;
        public TimeSpan ValidFor { get; } = validFor;
        /// <summary>When a reader set out to renew the copy (UTC ticks; 0: nobody is).</summary>
        public long RenewingSince;
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!_copies.TryGetValue(key, out Copy? copy) || copy is null) return ValueTask.FromResult<byte[]?>(null);
        var now = time.GetUtcNow();
        var age = now - copy.StoredAt;
        if (age < copy.ValidFor) return ValueTask.FromResult<byte[]?>(copy.Value);
        if (age >= copy.ValidFor * 2) return ValueTask.FromResult<byte[]?>(null);
        // Expired: the first reader (or the first after a renewal that never stored its copy) renders anew.
        var since = Interlocked.Read(ref copy.RenewingSince);
        var renew = (since == 0 || now.UtcTicks - since >= RenewalTimeout(copy.ValidFor).Ticks) &&
                    Interlocked.CompareExchange(ref copy.RenewingSince, now.UtcTicks, since) == since;
        return ValueTask.FromResult(renew ? null : copy.Value);
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        _copies.Set(key, new Copy(value, time.GetUtcNow(), validFor), new MemoryCacheEntryOptions
        {
            Size = value.Length,
            AbsoluteExpirationRelativeToNow = validFor * 2,
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>The pages keep no tags: nothing is evicted by one.</summary>
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose() => _copies.Dispose();
}
