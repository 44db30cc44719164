using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace JobFair.Tests.Support;

/// <summary>A student invited to interview for a position.</summary>
public sealed record Invitee(Api Student, Guid StudentId, Guid ApplicationId);

/// <summary>Interview slots and bookings, through the public API.</summary>
public static class InterviewWorld
{
    /// <summary>A student of the fair's supported university who applied to the position and was invited.</summary>
    public static async Task<Invitee> InviteeAsync(this JobFairApp app, FairScene scene, string name = "张三", Guid? positionId = null,
        Api? recruiter = null)
    {
        var (student, studentId, resumeId) = await app.ApplicantAsync(scene, name);
        var applicationId = await student.AppliedAsync(scene, resumeId, positionId);
        await (recruiter ?? scene.Recruiter).InviteAsync(applicationId);
        return new Invitee(student, studentId, applicationId);
    }

    public static async Task InviteAsync(this Api recruiter, Guid applicationId) =>
        await Api.Expect(await recruiter.PostAsync($"/api/applications/{applicationId}/invite", new { message = "请参加视频面试" }),
            HttpStatusCode.OK);

    /// <summary>Slots of <paramref name="minutes"/> back to back, the first at <paramref name="from"/>.</summary>
    public static object Generator(DateTimeOffset from, int count, int minutes = 30, int gapMinutes = 0, int capacity = 1) => new
    {
        from, to = from.AddMinutes(count * (minutes + gapMinutes) - gapMinutes), minutes, gapMinutes, capacity,
    };

    public static async Task<List<Guid>> PublishSlotsAsync(this Api recruiter, Guid positionId, object body) =>
        (await Api.Expect(await recruiter.PostAsync($"/api/positions/{positionId}/slots", body), HttpStatusCode.Created))
            .Items().Select(s => Guid.Parse((string)s!["id"]!)).ToList();

    /// <summary>A start time on a whole minute, some hours from now.</summary>
    public static DateTimeOffset HoursAhead(double hours)
    {
        var t = DateTimeOffset.UtcNow.AddHours(hours);
        return new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
    }

    public static Task<HttpResponseMessage> BookAsync(this Api student, Guid slotId, Guid applicationId) =>
        student.PostAsync($"/api/slots/{slotId}/bookings", new { applicationId });

    public static async Task<JsonNode> BookedAsync(this Invitee invitee, Guid slotId) =>
        await Api.Expect(await invitee.Student.BookAsync(slotId, invitee.ApplicationId), HttpStatusCode.Created);

    public static async Task<JsonNode> SlotAsync(this Api recruiter, Guid positionId, Guid slotId) =>
        (await recruiter.GetJsonAsync($"/api/positions/{positionId}/slots")).Items().Single(s => (string)s!["id"]! == slotId.ToString())!;

    /// <summary>A time the API returned.</summary>
    public static DateTimeOffset At(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> DeleteAsync(this Api caller, string url) => caller.Http.DeleteAsync(new Uri(url, UriKind.Relative));
}
