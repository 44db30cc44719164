namespace JobFair.BrowserTests.Support;

/// <summary>
/// One headless Chromium for the whole run (Debian's, never a downloaded one); each test opens its
/// own contexts on it (<see cref="Visitor"/>), so tests share no cookies or storage.
/// </summary>
public sealed class Browsers : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"No browser at {Chromium}: deploy/test.sh installs Debian's chromium (apt-get install chromium fonts-noto-cjk).");
        Assertions.SetDefaultExpectTimeout(20_000); // live changes take up to a second or two; a busy machine more
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>Every browser test class is in this collection: one browser, test classes one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OneBrowser : ICollectionFixture<Browsers>
{
    public const string Name = "browser";
}
