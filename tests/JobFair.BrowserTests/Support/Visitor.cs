using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;

namespace JobFair.BrowserTests.Support;

/// <summary>
/// One person at one browser: a fresh browser context (own cookies) with one page, at phone or
/// desktop size, in a Chinese phone's settings. Records what a careful tester watches in the
/// developer tools: console errors, uncaught script errors and failed requests.
/// </summary>
public sealed partial class Visitor : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _errorDocuments = [];
    private readonly Dictionary<IRequest, DateTime> _inFlight = [];
    private DateTime _lastTraffic = DateTime.UtcNow;
    private IRequest? _navigation; // a new document being fetched for the page, until it replaces the old one

    private Visitor(IBrowserContext context, IPage page, Uri site, Screen screen)
    {
        _context = context;
        Page = page;
        Site = site;
        Screen = screen;
        page.Console += (_, message) =>
        {
            // The browser reports the status of a page asked for on purpose (a 404 page) as a failed load.
            if (message.Type == "error" && !(message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) &&
                                             _errorDocuments.Contains(Regex.Replace(message.Location, @":\d+:\d+$", ""))))
                _problems.Add($"console error: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => _problems.Add($"script error: {error}");
        page.Request += (_, request) => Traffic(request, started: true);
        page.RequestFinished += (_, request) => Traffic(request, started: false);
        page.RequestFailed += (_, request) => Traffic(request, started: false, failed: true);
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) NewDocument(); };
        if (Environment.GetEnvironmentVariable("JOBFAIR_BROWSER_LOG") is { Length: > 0 })
        {
            // Every request, answer and console line with its time, for a test that hangs or flakes.
            page.Request += (_, r) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} > {r.Method} {r.Url}");
            page.RequestFinished += (_, r) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} < {r.Method} {r.Url}");
            page.RequestFailed += (_, r) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} x {r.Method} {r.Url} {r.Failure}");
            page.Console += (_, m) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} console {m.Type}: {m.Text}");
        }
        page.RequestFailed += (_, request) =>
        {
            // Navigating away cancels what the page was still fetching: not a fault of the page.
            if (request.Failure is not "net::ERR_ABORTED") _problems.Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status < 400) return;
            if (response.Request.ResourceType == "document") _errorDocuments.Add(response.Url);
            else _problems.Add($"request failed: {response.Request.Method} {response.Url} {response.Status}");
        };
    }

    public IPage Page { get; }

    public Uri Site { get; }

    public Screen Screen { get; private set; }

    public static async Task<Visitor> OpenAsync(IBrowser browser, WebApp app, Screen screen)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(),
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        // Generous: the machine that runs the suite may be busy with other work.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return new Visitor(context, await context.NewPageAsync(), app.Address, screen);
    }

    /// <summary>Goes to a path of the site and waits until the page has settled (its islands started).</summary>
    public async Task<IResponse> GoToAsync(string path)
    {
        // Only until the browser shows the answer: its loading is SettleAsync's to wait for and to explain.
        var response = await Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit })
                       ?? throw new InvalidOperationException($"no response for {path}");
        await SettleAsync();
        return response;
    }

    /// <summary>
    /// Waits for the page to have loaded and its network to go quiet for half a second (live islands
    /// fetch their state once connected). Unlike Playwright's NetworkIdle, it also waits for requests of a
    /// change within the document that are under way (an enhanced form post, a live refresh), and does not
    /// count the live connection's own transport: when WebSockets fail, SignalR falls back to long polling, whose
    /// requests stay open as long as the page, which works on. "Loaded" is read from the document itself
    /// (its readyState), not from Playwright's load event: twice in CI that event of the page after signing in did not
    /// reach the test in 30 s, once while Playwright reported the page network-idle. A page that does not settle in 30 s fails with the
    /// document's state and the requests it was still waiting for.
    /// </summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var state = await ReadyStateAsync(deadline);
            string[] waiting;
            lock (_inFlight)
            {
                if (state == "complete" && _inFlight.Count == 0 && DateTime.UtcNow - _lastTraffic >= TimeSpan.FromMilliseconds(500)) return;
                waiting = [.. _inFlight.Select(r => $"{r.Key.Method} {r.Key.Url} (since {r.Value:HH:mm:ss.fff})")];
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Path} did not settle in 30 s (document: {state}); still waiting for:\n" + string.Join("\n", waiting));
            await Task.Delay(50);
        }
    }

    /// <summary>The document's readyState; "navigating" while a new one replaces it, "unanswered" if the page does not answer by the deadline.</summary>
    private async Task<string> ReadyStateAsync(DateTime deadline)
    {
        try
        {
            var left = deadline - DateTime.UtcNow;
            return await Page.EvaluateAsync<string>("document.readyState").WaitAsync(left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
        catch (PlaywrightException) when (!Page.IsClosed)
        {
            return "navigating"; // the execution context went with the old document
        }
        catch (TimeoutException)
        {
            return "unanswered";
        }
    }

    /// <summary>Counts a request in or out of what the page still waits for (see <see cref="SettleAsync"/>).</summary>
    private void Traffic(IRequest request, bool started, bool failed = false)
    {
        if (IsLiveTransport(request)) return;
        lock (_inFlight)
        {
            _lastTraffic = DateTime.UtcNow;
            if (started) _inFlight[request] = DateTime.UtcNow;
            else _inFlight.Remove(request);
            if (started && request.IsNavigationRequest && request.Frame == Page.MainFrame) _navigation = request;
            if (failed && request == _navigation) _navigation = null; // it never replaces the document
            // A redirect starts a new request for the next address; the answered one is done.
            if (started && request.RedirectedFrom is { } before) _inFlight.Remove(before);
        }
    }

    /// <summary>
    /// The page now shows the document its navigation fetched: what the old document was still fetching
    /// died with it, and the browser does not always report each of those as failed.
    /// </summary>
    private void NewDocument()
    {
        lock (_inFlight)
        {
            if (_navigation is not { } navigation) return; // a move within the document (history.pushState)
            foreach (var request in _inFlight.Keys.Where(r => r != navigation).ToList()) _inFlight.Remove(request);
            _navigation = null;
        }
    }

    /// <summary>A hub's long-lived transport (server-sent events or long polling), not its negotiation.</summary>
    private static bool IsLiveTransport(IRequest request)
    {
        var path = new Uri(request.Url).AbsolutePath;
        return path.StartsWith("/hubs/", StringComparison.Ordinal) && !path.EndsWith("/negotiate", StringComparison.Ordinal);
    }

    /// <summary>The path (and query) the browser shows now.</summary>
    public string Path => new Uri(Page.Url).PathAndQuery;

    public async Task ResizeAsync(Screen screen)
    {
        await Page.SetViewportSizeAsync(screen.Width, screen.Height);
        Screen = screen;
    }

    /// <summary>
    /// What every page must be, at both sizes: no serious or critical WCAG 2.1 AA violation
    /// (axe-core), no sideways scrolling at 360 px, and since the visitor arrived no console error,
    /// no script error and no failed request. Leaves the page at the size it had.
    /// </summary>
    public async Task AssertPageHealthyAsync()
    {
        await SettleAsync();
        var at = Screen;
        var findings = new List<string>();
        foreach (var screen in new[] { at, at.Other })
        {
            await ResizeAsync(screen);
            findings.AddRange((await AxeFindingsAsync()).Select(f => $"{screen}: axe {f}"));
            if (screen == Screen.Phone)
            {
                var widths = await Page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
                var (scrollWidth, innerWidth) = (widths[0], widths[1]);
                if (scrollWidth > innerWidth) findings.Add($"{screen}: scrolls sideways ({scrollWidth} px wide in {innerWidth} px)");
            }
        }
        await ResizeAsync(at);
        findings.AddRange(_problems);
        Assert.True(findings.Count == 0, $"{Path} is not healthy:\n" + string.Join("\n", findings));
    }

    /// <summary>
    /// A picture of the whole page (or of the screen only, to show what stays in view) into
    /// $JOBFAIR_SCREENSHOTS/NAME.png, when that variable names a folder (taking docs/screenshots); otherwise nothing.
    /// </summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable("JOBFAIR_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Assert.Matches(FileName(), name);
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(folder, name + ".png"), FullPage = fullPage });
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    /// <summary>axe-core as Deque.AxeCore.Commons ships it (the same engine its RunAxe uses).</summary>
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var stream = typeof(AxeRunOptions).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
                           ?? throw new InvalidOperationException("axe-core is missing from Deque.AxeCore.Commons");
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>
    /// The serious and critical WCAG 2.1 A/AA violations axe-core finds in the page as it is now, one
    /// line each. axe is put into the document once and asked for violations only: RunAxe's cross-frame
    /// run opened a second page and returned every passing check, several seconds per call. It looks
    /// at the top document only, so a page with a frame is refused until this check learns frames.
    /// </summary>
    private async Task<string[]> AxeFindingsAsync()
    {
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await Page.EvaluateAsync(AxeSource.Value);
        return await Page.EvaluateAsync<string[]>("""
            async () => {
              if (document.querySelector('iframe, frame, object, embed'))
                return ['critical frame: the page holds a frame, which this check does not look into'];
              const result = await window.axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
              });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex FileName();
}
