using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFair.Tests.Support;

/// <summary>An HTTP client acting as one caller, through the public contract only.</summary>
public sealed class Api(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;
    public string? AccessToken { get; private set; }
    public string? RefreshToken { get; private set; }
    public string? Email { get; init; }

    public void UseTokens(JsonNode tokens)
    {
        AccessToken = (string)tokens["accessToken"]!;
        RefreshToken = (string)tokens["refreshToken"]!;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(new Uri(url, UriKind.Relative));

    public Task<HttpResponseMessage> PostAsync(string url, object? body) =>
        Http.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);

    public Task<HttpResponseMessage> PostRawAsync(string url, string body, string contentType = "application/json") =>
        Http.PostAsync(new Uri(url, UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, contentType));

    public async Task<JsonNode> GetJsonAsync(string url) => await Expect(await GetAsync(url), HttpStatusCode.OK);

    /// <summary>Asserts the status and returns the body as JSON (with the body in the failure message).</summary>
    public static async Task<JsonNode> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"expected {(int)status} but got {(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem+json response with this status (and code, when given).</summary>
    public static async Task<JsonNode> ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await Expect(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (code is not null) Assert.Equal(code, (string?)body["code"]);
        return body;
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public void Dispose() => Http.Dispose();
}
