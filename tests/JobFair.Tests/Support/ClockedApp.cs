using Microsoft.Extensions.Time.Testing;

namespace JobFair.Tests.Support;

/// <summary>A server whose clock the tests move (<see cref="JobFairApp.Clock"/>), starting at the real time.</summary>
public sealed class ClockedApp : JobFairApp
{
    public ClockedApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}
