using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JobFair.Tests.Foundation;

/// <summary>A server that reaches its database through a relay the test can cut.</summary>
public sealed class DatabaseOutageApp : JobFairApp
{
    private TcpRelay? _relay;

    public TcpRelay Relay => _relay ?? throw new InvalidOperationException("not started");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings
    {
        get
        {
            var real = new NpgsqlConnectionStringBuilder(ConnectionString);
            _relay ??= new TcpRelay(real.Host!, real.Port);
            // Short timeouts: a lost connection is noticed at once, as when PostgreSQL is stopped.
            var relayed = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = _relay.Port, Timeout = 3 };
            return [new("ConnectionStrings:JobFair", relayed.ConnectionString)];
        }
    }

    /// <summary>Reads the database directly, not through the relay.</summary>
    public async Task<long> CountAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = id } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_relay is not null) await _relay.DisposeAsync();
    }
}

/// <summary>An outage is told honestly: 503 with Retry-After while a part is away, and which part it is.</summary>
public sealed class DatabaseOutageTests(DatabaseOutageApp app) : IClassFixture<DatabaseOutageApp>
{
    [Fact]
    public async Task While_the_database_is_unreachable_requests_answer_503_with_Retry_After_and_a_retry_afterwards_applies_once()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene, "停电");
        var key = "outage-" + Guid.NewGuid();
        Task<HttpResponseMessage> Apply()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/applications", UriKind.Relative))
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { positionId = scene.PositionId, fairId = scene.FairId, resumeId = resume }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return student.Http.SendAsync(request);
        }

        app.Relay.Cut();
        try
        {
            foreach (var response in new[] { await Apply(), await app.Anonymous().GetAsync($"/api/fairs/{scene.FairId}") })
            {
                await Api.ExpectProblem(response, HttpStatusCode.ServiceUnavailable, "database_unavailable");
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without a Retry-After");
            }
            var ready = await Api.Expect(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", (string?)ready["status"]);
            Assert.Equal("Unhealthy", (string?)ready["checks"]!["database"]!["status"]);
            Assert.Equal("Healthy", (string?)ready["checks"]!["bus"]!["status"]);
        }
        finally
        {
            app.Relay.Restore();
        }
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM applications WHERE student_id = $1", studentId));

        await Api.Expect(await Apply(), HttpStatusCode.Created);
        await Api.Expect(await Apply(), HttpStatusCode.Created);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM applications WHERE student_id = $1", studentId));
        var back = await Api.Expect(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)back["checks"]!["database"]!["status"]);
    }
}

/// <summary>A node whose message broker cannot be reached (nothing listens at its address).</summary>
public sealed class BrokerlessApp : JobFairApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("JOBFAIR_BUS", $"rabbitmq://guest:guest@127.0.0.1:{ClosedPort()}/")];

    private static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port; // free again once stopped: connections are refused
    }
}

public sealed class BrokerOutageTests(BrokerlessApp app) : IClassFixture<BrokerlessApp>
{
    [Fact]
    public async Task Without_the_broker_the_node_serves_requests_keeps_their_events_and_says_the_bus_is_degraded()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene, "断线");
        await student.AppliedAsync(scene, resume);

        var ready = await Api.Expect(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.OK);
        Assert.Equal("Degraded", (string?)ready["status"]);
        Assert.Equal("Healthy", (string?)ready["checks"]!["database"]!["status"]);
        Assert.Equal("Degraded", (string?)ready["checks"]!["bus"]!["status"]);
        Assert.True(await app.WithDb(db => db.OutboxMessages.AnyAsync(m => m.SentAt == null && m.Type.Contains("ApplicationSubmitted"))),
            "the event waits in the outbox");
    }
}
