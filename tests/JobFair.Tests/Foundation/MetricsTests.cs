using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace JobFair.Tests.Foundation;

/// <summary>
/// The server on Kestrel with its metrics on (test hosts keep them off), a clock that stands
/// still (so ages read exactly), and every log line it writes kept with its scopes.
/// </summary>
public sealed class MetricsApp : LiveApp
{
    public MetricsApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

    public LogCapture Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Telemetry:Metrics", "true"),
        new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information"),
        new("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>
/// The metrics tests run alone. A meter listener subscribes to meters by name across the process, so
/// MetricsApp's exporter also reads the Kestrel meter of every other test host; when one of those
/// hosts is disposed mid-test, its instruments complete and the shared series (kestrel_active_connections)
/// vanished from the scrape now and then (seen once in a full run on a busy machine). One host per process, as in production.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetersOfTheWholeProcess
{
    public const string Name = "metrics";
}

[Collection(MetersOfTheWholeProcess.Name)]
public sealed partial class MetricsTests(MetricsApp app) : IClassFixture<MetricsApp>
{
    [Fact]
    public async Task After_some_traffic_metrics_show_request_durations_the_outbox_backlog_and_live_connections()
    {
        using var local = app.Anonymous(); // over loopback, as a scraper beside the node
        var start = await ScrapeAsync(local);
        var applicationsBefore = Value(start, "jobfair_applications_submitted_total") ?? 0;
        var bookingsBefore = Value(start, "jobfair_bookings_changes_total", ("change", "booked")) ?? 0;
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        await student.AppliedAsync(scene, resume);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 1));
        var invitee = await app.InviteeAsync(scene, "乙"); // applies too
        await invitee.BookedAsync(slots[0]);
        await using var watcher = await app.HubAsync();
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        await app.AllEventsDeliveredAsync();
        // Two events the dispatcher gave up on five minutes ago (left for an operator), and the fair's
        // figures waiting two minutes to be counted again (the clock stands still, so they stay due later).
        var now = app.Clock!.GetUtcNow();
        await app.WithDb(async db =>
        {
            for (var i = 0; i < 2; i++)
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO outbox_messages (id, type, payload, occurred_at, attempts, last_error)
                    VALUES ({Guid.CreateVersion7()}, 'Gone.Event, Gone', CAST({"{}"} AS jsonb), {now.AddMinutes(-5)}, 100, 'unknown event type')
                    """);
            await db.FairStats.Where(f => f.FairId == scene.FairId)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.StaleSince, now.AddMinutes(-2)).SetProperty(f => f.RefreshedAt, now));
        });

        // A request's duration is recorded once the server has finished the request, which may be after its
        // client has read the answer, and the backlog gauges are read from the database at most once a second (the
        // first scrape may be less than a second old): scrape until both are in (or give up and fail below).
        static bool FairCreated(Sample s) =>
            s.Labels.GetValueOrDefault("http_route") == "/api/fairs" && s.Labels.GetValueOrDefault("http_request_method") == "POST" &&
            s.Labels.GetValueOrDefault("http_response_status_code") == "201";
        var metrics = "";
        await Eventually.True(async () =>
        {
            metrics = await ScrapeAsync(local);
            return Series(metrics, "http_server_request_duration_seconds_count").Any(FairCreated)
                && Value(metrics, "jobfair_outbox_unsent") == 2;
        }, "POST /api/fairs among the request durations and the two stuck events in the backlog", seconds: 30);

        var posts = Series(metrics, "http_server_request_duration_seconds_count").Single(FairCreated);
        Assert.True(posts.Value >= 1);
        Assert.True(Series(metrics, "http_server_request_duration_seconds_sum").Single(s => s.Labels.SequenceEqual(posts.Labels)).Value > 0);
        Assert.Equal(2, Value(metrics, "jobfair_outbox_unsent"));
        Assert.Equal(300, Value(metrics, "jobfair_outbox_oldest_unsent_age_seconds")!.Value, precision: 3); // stored to the microsecond
        Assert.Equal(1, Value(metrics, "jobfair_fair_stats_stale"));
        Assert.Equal(120, Value(metrics, "jobfair_fair_stats_oldest_stale_age_seconds")!.Value, precision: 3);
        Assert.Equal(2, Value(metrics, "jobfair_live_connections", ("hub", "LiveHub")));
        Assert.Equal(applicationsBefore + 2, Value(metrics, "jobfair_applications_submitted_total"));
        Assert.Equal(bookingsBefore + 1, Value(metrics, "jobfair_bookings_changes_total", ("change", "booked")));
        Assert.True(Value(metrics, "jobfair_consumer_lag_seconds_count", ("consumer", "LiveBridge")) >= 1, "LiveBridge's lag was recorded");
        Assert.True(Value(metrics, "jobfair_consumer_lag_seconds_count", ("consumer", "StaleFigures")) >= 1, "StaleFigures' lag was recorded");
        Assert.NotEmpty(Series(metrics, "kestrel_active_connections"));
        Assert.NotEmpty(Series(metrics, "dotnet_gc_collections_total"));
        Assert.NotEmpty(Series(metrics, "db_client_operation_duration_seconds_count"));

        await watcher.DisposeAsync();
        await Eventually.True(async () => Value(await ScrapeAsync(local), "jobfair_live_connections", ("hub", "LiveHub")) == 1,
            "the closed connection to leave the count");
    }

    [Fact]
    public async Task A_caller_from_elsewhere_gets_404_and_the_admin_gets_the_metrics_from_anywhere()
    {
        // Through a proxy on this machine (a loopback peer, which the server trusts to name the client).
        using var outsider = app.Anonymous();
        outsider.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        await Api.ExpectProblem(await outsider.GetAsync("/metrics"), HttpStatusCode.NotFound, "not_found");

        var (recruiter, _) = await app.RecruiterAsync();
        recruiter.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        await Api.ExpectProblem(await recruiter.GetAsync("/metrics"), HttpStatusCode.NotFound, "not_found");

        using var admin = await app.AdminAsync();
        admin.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var response = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("jobfair_outbox_unsent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_metrics_route_and_its_404()
    {
        using var api = app.Anonymous();
        var metrics = (await api.GetJsonAsync("/openapi/v1.json"))["paths"]!["/metrics"]!["get"]!;
        Assert.NotNull(metrics["responses"]!["200"]!["content"]!["text/plain; version=0.0.4"]);
        Assert.NotNull(metrics["responses"]!["404"]);
    }

    [Fact]
    public async Task Log_lines_of_a_request_and_of_a_consumer_carry_their_trace_ids()
    {
        using var anyone = app.Anonymous();
        var problem = await Api.ExpectProblem(await anyone.GetAsync("/api/no-such-route"), HttpStatusCode.NotFound);
        var traceId = ((string)problem["traceId"]!).Split('-')[1]; // W3C traceparent: version-traceid-spanid-flags
        Assert.Contains(app.Logs.Entries, e => e.Scopes.GetValueOrDefault("TraceId") == traceId &&
                                              e.Scopes.GetValueOrDefault("RequestPath") == "/api/no-such-route");

        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        await host.CreateFairAsync(pairId); // FairCreated: the fair's figures are marked stale by a consumer
        // A consumer's record of an event, written outside any request: its trace is the consumed message's.
        static bool Consumed(LogCapture.Entry e) => e.Message.Contains("INSERT INTO processed_messages", StringComparison.Ordinal);
        await Eventually.True(() => app.Logs.Entries.Any(Consumed), "a consumer to record an event");
        Assert.All(app.Logs.Entries.Where(Consumed), e =>
        {
            Assert.False(e.Scopes.ContainsKey("RequestPath"));
            Assert.Matches(TraceIdRegex(), e.Scopes.GetValueOrDefault("TraceId") ?? "");
        });
    }

    private static async Task<string> ScrapeAsync(Api caller)
    {
        var response = await caller.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    /// <summary>The samples of one metric in the Prometheus text format.</summary>
    private static List<Sample> Series(string metrics, string name) => metrics.Split('\n')
        .Select(line => SampleRegex().Match(line))
        .Where(m => m.Success && m.Groups["name"].Value == name)
        .Select(m => new Sample(name,
            LabelRegex().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => Regex.Unescape(l.Groups[2].Value)),
            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>The value of the one sample of this metric with these labels (null: none).</summary>
    private static double? Value(string metrics, string name, params (string Key, string Value)[] labels) =>
        Series(metrics, name).Where(s => labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
            .Select(s => (double?)s.Value).SingleOrDefault();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})?\s(?<value>\S+)(?:\s\d+)?$")]
    private static partial Regex SampleRegex();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceIdRegex();
}

/// <summary>Keeps every log line with the values of its scopes, as the JSON console writes them.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public sealed record Entry(string Category, string Message, Dictionary<string, string?> Scopes);

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new Dictionary<string, string?>();
            capture._scopes.ForEachScope((scope, values) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs) values[key] = value?.ToString();
            }, scopes);
            capture._entries.Enqueue(new Entry(category, formatter(state, exception), scopes));
        }
    }
}
