using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// Where browsers find STUN and TURN, and the secret shared with the TURN server (coturn's
/// <c>static-auth-secret</c>). Set by the scripts from the environment:
/// <c>JOBFAIR_STUN_URLS</c> and <c>JOBFAIR_TURN_URLS</c> (comma-separated <c>stun:</c> / <c>turn:</c> URLs),
/// <c>JOBFAIR_TURN_SECRET_FILE</c> (a file holding the secret; or <c>JOBFAIR_TURN_SECRET</c>).
/// Without TURN URLs, rooms offer no ICE servers and peers connect only where they reach each other directly.
/// </summary>
public sealed class TurnOptions
{
    public IReadOnlyList<string> StunUrls { get; set; } = [];
    public IReadOnlyList<string> TurnUrls { get; set; } = [];
    public string? Secret { get; set; }

    internal static void Bind(TurnOptions o, IConfiguration configuration)
    {
        o.StunUrls = Urls(configuration["JOBFAIR_STUN_URLS"]);
        o.TurnUrls = Urls(configuration["JOBFAIR_TURN_URLS"]);
        o.Secret = configuration["JOBFAIR_TURN_SECRET_FILE"] is { Length: > 0 } file
            ? File.ReadAllText(file).Trim()
            : configuration["JOBFAIR_TURN_SECRET"];
        if (o.TurnUrls.Count > 0 && string.IsNullOrEmpty(o.Secret))
            throw new InvalidOperationException("JOBFAIR_TURN_URLS needs the TURN server's shared secret (JOBFAIR_TURN_SECRET_FILE).");
    }

    private static string[] Urls(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One entry of <c>RTCConfiguration.iceServers</c>, as the browser takes it.</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

/// <summary>
/// Time-limited TURN credentials in the TURN REST API convention that coturn's
/// <c>use-auth-secret</c> checks: the username is <c>expiry:userId</c> (expiry in Unix seconds), the
/// password the Base64 HMAC-SHA1 of that username keyed with the shared secret. coturn recomputes
/// it and refuses an expired username, so a password is good for one person and one room's window,
/// and the secret itself never leaves the server.
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options)
{
    private readonly TurnOptions _options = options.Value;

    /// <summary>The ICE servers for this user, the TURN password valid until <paramref name="validUntil"/>.</summary>
    public IReadOnlyList<IceServer> For(Guid userId, DateTimeOffset validUntil)
    {
        var servers = new List<IceServer>();
        if (_options.StunUrls.Count > 0) servers.Add(new IceServer(_options.StunUrls));
        if (_options.TurnUrls.Count > 0)
        {
            var username = $"{validUntil.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:{userId}";
            servers.Add(new IceServer(_options.TurnUrls, username, Password(_options.Secret!, username)));
        }
        return servers;
    }

    // SHA-1 because the TURN REST API convention (and coturn) define the password so; as an HMAC
    // over a short-lived username it is not open to SHA-1's collision weakness.
#pragma warning disable CA5350
    internal static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
}
