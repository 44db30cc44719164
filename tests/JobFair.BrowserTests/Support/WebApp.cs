using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.BrowserTests.Support;

/// <summary>
/// The whole server on Kestrel at a free loopback port (a browser needs a real socket), on its
/// own database cloned from the migrated template: one per test class, as in JobFair.Tests.
/// </summary>
public sealed class WebApp : JobFairApp
{
    private Uri? _address;

    public WebApp() => UseKestrel(0);

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address
    {
        get
        {
            if (_address is not null) return _address;
            using var client = CreateClient();
            return _address = client.BaseAddress!;
        }
    }

    /// <summary>Every committed event has reached every consumer (and the hub), as in JobFair.Tests' LiveWorld.</summary>
    public Task AllEventsDeliveredAsync() =>
        Eventually.True(() => WithDb(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)), "every outbox event delivered");
}
