using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFair.Faults;

/// <summary>One try of a request: when, and what came back (0: no answer at all, see <see cref="Failure"/>).</summary>
internal sealed record Attempt(long AtMs, int Status, string? Failure);

/// <summary>A request answered at last (or given up), with every try it took.</summary>
internal sealed record Answered(int Status, JsonNode? Body, IReadOnlyList<Attempt> Attempts);

/// <summary>
/// A client as a patient user's browser would be: it sends a request again, unchanged (same
/// Idempotency-Key), when it got no answer, a 5xx, a 429 or "the first request with this key is still
/// running", waiting as long as Retry-After says (or a growing pause). Any other answer is final.
/// </summary>
internal sealed class Client(Uri baseUrl, string? accessToken = null)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Gives up on a request after this long (far longer than any fault of a run).</summary>
    public static TimeSpan Patience { get; set; } = TimeSpan.FromMinutes(5);

    public Client As(string token) => new(baseUrl, token);

    public Task<Answered> PostAsync(string path, object body, string? key = null) =>
        SendAsync(() => JsonContent.Create(body, options: Json), HttpMethod.Post, path, key);

    public Task<Answered> GetAsync(string path) => SendAsync(null, HttpMethod.Get, path, null);

    public async Task<Answered> SendAsync(Func<HttpContent>? content, HttpMethod method, string path, string? key)
    {
        var attempts = new List<Attempt>();
        var giveUp = DateTimeOffset.UtcNow + Patience;
        for (var round = 0; ; round++)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, path)) { Content = content?.Invoke() };
            if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            if (key is not null) request.Headers.Add("Idempotency-Key", key);
            TimeSpan? wait = null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await Http.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                attempts.Add(new Attempt(Now(), status, null));
                var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null;
                if (!Retryable(status, body)) return new Answered(status, body, attempts);
                wait = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                attempts.Add(new Attempt(Now(), 0, e is OperationCanceledException ? "timeout" : "no answer"));
            }
            if (DateTimeOffset.UtcNow > giveUp) return new Answered(0, null, attempts);
            var pause = wait ?? TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(round, 5))));
            await Task.Delay(pause + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)));
        }
    }

    private static bool Retryable(int status, JsonNode? body) =>
        status >= 500 || status == (int)HttpStatusCode.TooManyRequests ||
        (status == (int)HttpStatusCode.Conflict && (string?)body?["code"] == "idempotency_in_progress");

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

internal static class Answers
{
    /// <summary>The body of a final answer with this status, or an exception saying what came instead.</summary>
    public static JsonNode Expect(this Answered answered, HttpStatusCode status, string what)
    {
        if (answered.Status != (int)status)
            throw new InvalidOperationException($"{what}: expected {(int)status}, got {answered.Status}: {answered.Body?.ToJsonString()}");
        return answered.Body ?? new JsonObject();
    }
}
