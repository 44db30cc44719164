using System.Text.Json;
using JobFair.Server.Features.Accounts;
using MassTransit;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// Carries a WebRTC offer, answer or ICE candidate from one side of an open room to the other side
/// only, on whichever node the other side is connected to: the signal goes onto the bus and every
/// node's <see cref="RoomSignalRelay"/> hands it to its own connections of that side.
/// </summary>
public sealed class RelaySignal(JobFairDb db, TimeProvider time, IBus bus) : IUseCase
{
    /// <summary>An SDP offer with audio and video is a few kilobytes; anything far larger is not a signal.</summary>
    public const int MaxPayloadChars = 16_000;

    /// <summary>
    /// The WebRTC messages, and <c>ready</c>: a side that has come (back) in asks the other, which
    /// makes the offers, for a fresh one (the page's protocol: wwwroot/js/room.js).
    /// </summary>
    private static readonly string[] Types = ["offer", "answer", "candidate", "ready"];

    public static readonly Refusal NotASignal = Refusal.Invalid("payload",
        "A signal is a JSON object whose type is offer, answer, candidate or ready, at most 16,000 characters.");
    public static readonly Refusal RelayDown = new(StatusCodes.Status503ServiceUnavailable, "relay_unavailable",
        "Signals cannot be relayed right now; the call retries by itself.");

    public async Task<Refusal?> RunAsync(CurrentUser caller, Guid roomId, JsonElement payload, CancellationToken ct)
    {
        if (!IsSignal(payload)) return NotASignal;
        var entered = await RoomAccess.EnterAsync(db, caller, roomId, time.GetUtcNow(), ct);
        if (entered.IsRefused(out var refusal)) return refusal;
        var pass = entered.Value;
        try
        {
            await bus.Publish(new RoomSignalled(roomId, pass.OtherSide, pass.Side, payload.GetRawText()), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The broker is away: the page's ICE restart tries again shortly.
            return RelayDown;
        }
        return null;
    }

    private static bool IsSignal(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && Types.Contains(type.GetString())
        && payload.GetRawText().Length <= MaxPayloadChars;
}
