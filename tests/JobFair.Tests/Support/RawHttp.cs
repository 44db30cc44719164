using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace JobFair.Tests.Support;

/// <summary>
/// HTTP/1.1 written byte for byte on a socket, for what no HTTP client sends: raw NULs and other
/// control bytes in the request line and headers.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, string? ContentType, string Body);

    /// <summary>Sends the request head (lines without their CRLF), then an optional body; reads the answer.</summary>
    public static async Task<Answer> SendAsync(Uri server, IEnumerable<string> head, string body = "")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(string.Concat(head.Select(l => l + "\r\n")) +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n" + body);
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = await reader.ReadToEndAsync(timeout.Token);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (headEnd < 0 ? text : text[..headEnd]).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var contentType = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim()).FirstOrDefault();
        return new Answer(status, contentType, headEnd < 0 ? "" : text[(headEnd + 4)..]);
    }
}
