using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// A side says something in the room's text chat while the room is open: stored with the room and
/// pushed live to both sides (<c>roomChat</c>). The chat also carries the interview when media cannot flow.
/// The hub's Chat and <c>POST /api/bookings/{id}/chat</c> come through here.
/// </summary>
public sealed class PostChatLine(JobFairDb db, TimeProvider time, IValidator<PostChatLine.Request> validator) : IUseCase
{
    public sealed record Request(string? Text);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("say something")
                .MaximumLength(RoomChatLine.MaxLength);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/bookings/{id:guid}/chat", (Guid id, Request request, CurrentUser caller, PostChatLine post, CancellationToken ct) =>
                post.RunAsync(caller, id, request, ct, RoomKinds.Booking).ToCreated(_ => $"/api/bookings/{id}/chat"))
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("text", "say something"), RoomAccess.NotFound, RoomAccess.CalledOff, RoomAccess.NotOpenYet,
                RoomAccess.Closed)
            .WithSummary("Say something in the open interview room's chat (at most 1,000 characters); both sides get roomChat live.");

    public async Task<Outcome<ChatLineResponse>> RunAsync(CurrentUser caller, Guid roomId, Request request, CancellationToken ct,
        string? kind = null)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        var entered = await RoomAccess.EnterAsync(db, caller, roomId, now, ct, kind);
        if (entered.IsRefused(out var refusal)) return refusal;
        var pass = entered.Value;
        var line = new RoomChatLine { RoomId = roomId, Side = pass.Side, UserId = pass.UserId, Text = request.Text!.Trim(), SentAt = now };
        db.RoomChatLines.Add(line);
        db.Publish(new RoomChatPosted(roomId, line.Id, line.Side, pass.OwnName, line.Text, now), time);
        await db.SaveChangesAsync(ct);
        return ReadRoomChat.Line(pass.Room, line.Id, line.Side, line.Text, line.SentAt, pass.Side, await caller.ZoneAsync(ct));
    }
}
