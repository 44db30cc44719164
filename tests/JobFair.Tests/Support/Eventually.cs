namespace JobFair.Tests.Support;

/// <summary>Waits for a condition (read models and events follow within about a second), never for a fixed time.</summary>
public static class Eventually
{
    public static Task True(Func<bool> condition, string what, int seconds = 20) =>
        True(() => Task.FromResult(condition()), what, seconds);

    public static async Task True(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"timed out after {seconds}s waiting for {what}");
            await Task.Delay(50); // each look is a query or a request: on a 2-core machine polling competes with the work awaited
        }
    }
}
