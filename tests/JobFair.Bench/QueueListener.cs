using System.Text.Json;

namespace JobFair.Bench;

/// <summary>One queuePosition as a student got it: the entry, the place, the moment the server read the line, the moment it arrived.</summary>
internal readonly record struct PlaceReceipt(Guid EntryId, int Position, DateTimeOffset AsOf, DateTimeOffset ReceivedAt);

/// <summary>The calls of one entry as the student got them: when the first arrived, and how many arrived (one is right).</summary>
internal readonly record struct CallReceipt(DateTimeOffset First, int Times);

/// <summary>
/// A signed-in student's SignalR connection to /hubs/live, as lean as thousands in one process
/// need (the JSON hub protocol over a WebSocket, like <see cref="HubWatcher"/>): the server puts it
/// in the student's own group on connect, so it only listens. Every queuePosition and called is
/// stamped on arrival, before it is parsed; <see cref="Called"/> runs when the student is called.
/// </summary>
internal sealed class QueueListener() : LeanHubConnection(bufferBytes: 8192)
{
    /// <summary>Written by the receive loop; read once the run's events are in (a lock guards the lists).</summary>
    public List<PlaceReceipt> Places { get; } = new(64);

    /// <summary>The calls that reached the student, by entry: a second one for an entry would be a double call.</summary>
    public Dictionary<Guid, CallReceipt> Calls { get; } = [];

    /// <summary>Runs (not awaited by the receive loop) when a called arrives: the entry id.</summary>
    public Func<Guid, Task>? Called { get; set; }

    public static async Task<QueueListener> ConnectAsync(Uri hub, string token, CancellationToken ct)
    {
        var listener = new QueueListener();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await listener.OpenAsync(new Uri(hub, $"?access_token={Uri.EscapeDataString(token)}"), timeout.Token);
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    protected override void OnRecord(ReadOnlySpan<byte> record, DateTimeOffset at)
    {
        if (!HandshakeDone)
        {
            using var answer = JsonDocument.Parse(record.ToArray());
            CompleteHandshake(answer.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null);
            return;
        }
        using var doc = JsonDocument.Parse(record.ToArray());
        var root = doc.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
        if (type == Close)
        {
            Failure ??= "hub closed the connection";
            return;
        }
        if (type != Invocation || !root.TryGetProperty("target", out var target)) return;
        var payload = root.GetProperty("arguments")[0];
        switch (target.GetString())
        {
            case "queuePosition":
                lock (Places)
                    Places.Add(new PlaceReceipt(payload.GetProperty("entryId").GetGuid(), payload.GetProperty("position").GetInt32(),
                        payload.GetProperty("asOf").GetDateTimeOffset(), at));
                break;
            case "called":
                var entry = payload.GetProperty("entryId").GetGuid();
                bool first;
                lock (Places)
                {
                    first = !Calls.TryGetValue(entry, out var told);
                    Calls[entry] = first ? new CallReceipt(at, 1) : told with { Times = told.Times + 1 };
                }
                if (first && Called is { } answer) _ = Task.Run(() => answer(entry));
                break;
            default:
                break;
        }
    }
}
