using JobFair.Server.Features.Interviews.Rooms;

namespace JobFair.Server.Features.Interviews;

/// <summary>The Interviews routes; each slice maps its own route with its policy and refusals.</summary>
internal static class InterviewsApi
{
    public static void MapInterviews(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Interviews");
        PublishSlots.Map(api);
        ListSlots.Map(api);
        BookSlot.Map(api);
        RescheduleBooking.Map(api);
        CancelBooking.Map(api);
        RecordOutcome.Map(api);
        GetBooking.Map(api);
        ListMyBookings.Map(api);
        ListNoShows.Map(api);
        GetCalendar.Map(api);
        OpenRoom.Map(api);
        ExtendRoom.Map(api);
        ReadRoomChat.Map(api);
        PostChatLine.Map(api);
    }
}
