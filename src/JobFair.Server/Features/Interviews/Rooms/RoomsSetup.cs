using JobFair.Server.Live;
using Microsoft.AspNetCore.OpenApi;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>The video rooms' services and hub. Their HTTP routes are mapped with the other interview routes (InterviewsApi).</summary>
internal static class RoomsSetup
{
    public static IServiceCollection AddRooms(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked at start: TURN URLs without the shared secret would hand out passwords coturn refuses.
        services.AddOptions<TurnOptions>().Configure(o => TurnOptions.Bind(o, configuration)).ValidateOnStart();
        services.AddSingleton<TurnCredentials>();
        services.AddSingleton<RoomReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomReminders>());
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            LiveSetup.DescribeHub(document, RoomHub.Path, "RoomHub",
                "The video rooms' signalling and chat, for a room's two sides only (a booking's room id is the booking id). " +
                "Client-to-server: WatchRoom(roomId) returning {side, otherPresent, closesAt} (the waiting room: presence, chat and time " +
                "arrive, signals do not, nothing is recorded), JoinRoom(roomId) returning {room, otherPresent, chat} (room as GET /api/bookings/{id}/room), " +
                "LeaveRoom(roomId), Signal(roomId, payload) with payload {type: offer|answer|candidate|ready, ...} relayed to the other " +
                "side only, Chat(roomId, text) returning the stored line, ExtendRoom(roomId) (the recruiter: 5 more minutes). " +
                "Refusals are hub errors whose message starts with a code (unauthenticated, not_found, room_not_open, room_closed, " +
                "booking_not_active, bad_request, recruiter_only, next_slot_too_close, extension_limit, relay_unavailable). " +
                "Server-to-client events: roomPresence {roomId, side, present}, roomSignal {roomId, from, payload}, " +
                "roomChat {roomId, id, side, author, text, sentAt}, roomTime {roomId, closesAt}, roomClosed {roomId, reason} (to a connection " +
                "put out of the room because its user lost the right to be there: reason room_employer_suspended or room_access_removed).",
                "A bearer token from POST /api/auth/login (browsers cannot send headers on a WebSocket); or the Identity cookie.");
            return Task.CompletedTask;
        }));
        return services;
    }

    public static void MapRooms(this IEndpointRouteBuilder app) => app.MapHub<RoomHub>(RoomHub.Path);
}
