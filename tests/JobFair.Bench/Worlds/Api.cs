using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace JobFair.Bench.Worlds;

/// <summary>An answer of the API: its status, its JSON (null when empty or not JSON), the problem's code for a refusal.</summary>
internal sealed record Answer(HttpStatusCode Status, JsonNode? Body)
{
    public string? Code => Body is JsonObject o && o["code"] is JsonValue v && v.TryGetValue<string>(out var code) ? code : null;
    public bool Ok => (int)Status is >= 200 and < 300;
}

/// <summary>The public contract's routes as a client calls them (docs: ../shared/design/api.md).</summary>
internal static class Api
{
    public static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string path, string? token = null, object? body = null,
        string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            json = JsonNode.Parse(text);
        return new Answer(response.StatusCode, json);
    }

    /// <summary>Like <see cref="SendAsync"/> for set-up steps that must succeed: anything but 2xx throws with the answer.</summary>
    public static async Task<JsonNode> MustAsync(HttpClient http, HttpMethod method, string path, string? token = null, object? body = null,
        CancellationToken ct = default)
    {
        var answer = await SendAsync(http, method, path, token, body, null, ct);
        if (!answer.Ok) throw new HttpRequestException($"{(int)answer.Status} from {method} {path}: {answer.Body?.ToJsonString()}");
        return answer.Body ?? new JsonObject();
    }

    /// <summary>POST /api/auth/login: the bearer token.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string email, string password, CancellationToken ct)
    {
        var tokens = await MustAsync(http, HttpMethod.Post, "/api/auth/login", null, new { email, password }, ct);
        return (string)tokens["accessToken"]!;
    }

    public static Guid Id(JsonNode node) => Guid.Parse((string)node["id"]!);
}
