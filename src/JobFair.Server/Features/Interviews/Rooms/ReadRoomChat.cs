using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>A chat line as one side reads it; <c>mine</c> marks the reader's own side.</summary>
public sealed record ChatLineResponse(Guid Id, string Side, string Author, string Text, DateTimeOffset SentAt, bool Mine);

/// <summary>
/// The room's chat as kept with the booking, oldest first: for its two sides, during the interview
/// and afterwards (no open room needed to read it).
/// </summary>
public sealed class ReadRoomChat(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    /// <summary>The most lines a join hands over at once (the page pages through the rest if ever needed).</summary>
    public const int RecentOnJoin = 200;

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/bookings/{id:guid}/chat", (Guid id, [AsParameters] PageQuery query, CurrentUser caller, ReadRoomChat read,
                CancellationToken ct) => read.RunAsync(caller, id, query, ct, RoomKinds.Booking).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("pageSize", "out of range"), RoomAccess.NotFound)
            .WithSummary("The interview room's text chat, oldest first, for the booking's two sides, also after the interview.");

    public async Task<Outcome<Page<ChatLineResponse>>> RunAsync(CurrentUser caller, Guid roomId, PageQuery query, CancellationToken ct,
        string? kind = null)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var member = await RoomAccess.MemberAsync(db, caller, roomId, ct, kind);
        if (member.IsRefused(out var refusal)) return refusal;
        var lines = db.RoomChatLines.Where(l => l.RoomId == roomId);
        var total = await lines.CountAsync(ct);
        var page = await LinesAsync(member.Value, lines.OrderBy(l => l.SentAt).ThenBy(l => l.Id).Skip(query.Paging.Skip).Take(query.Paging.Size),
            await caller.ZoneAsync(ct), ct);
        return new Page<ChatLineResponse>(page, total);
    }

    /// <summary>The latest lines, oldest first, as the room page shows them when it loads (also after the interview).</summary>
    public async Task<Outcome<List<ChatLineResponse>>> LatestAsync(CurrentUser caller, Guid roomId, CancellationToken ct)
    {
        var member = await RoomAccess.MemberAsync(db, caller, roomId, ct);
        if (member.IsRefused(out var refusal)) return refusal;
        return await RecentAsync(member.Value, await caller.ZoneAsync(ct), ct);
    }

    /// <summary>The latest lines, oldest first, for a side joining the room.</summary>
    internal Task<List<ChatLineResponse>> RecentAsync(RoomPass pass, TimeZoneInfo zone, CancellationToken ct) =>
        LinesAsync(pass, db.RoomChatLines.Where(l => l.RoomId == pass.RoomId).OrderByDescending(l => l.SentAt).ThenByDescending(l => l.Id)
            .Take(RecentOnJoin), zone, ct, newestFirst: true);

    private static async Task<List<ChatLineResponse>> LinesAsync(RoomPass pass, IQueryable<RoomChatLine> lines, TimeZoneInfo zone,
        CancellationToken ct, bool newestFirst = false)
    {
        var rows = await lines.AsNoTracking().ToListAsync(ct);
        if (newestFirst) rows.Reverse();
        return rows.Select(l => Line(pass.Room, l.Id, l.Side, l.Text, l.SentAt, pass.Side, zone)).ToList();
    }

    /// <summary>A line as <paramref name="readerSide"/> reads it: signed with its side's name, in the reader's zone.</summary>
    internal static ChatLineResponse Line(RoomFacts room, Guid id, string side, string text, DateTimeOffset sentAt, string readerSide,
        TimeZoneInfo zone) =>
        new(id, side, side == RoomSide.Student ? room.StudentName : room.EmployerName, text, TimeZoneInfo.ConvertTime(sentAt, zone),
            side == readerSide);
}
