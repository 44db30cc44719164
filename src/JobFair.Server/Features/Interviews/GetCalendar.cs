using System.Globalization;
using System.Text;
using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// A booking as an RFC 5545 calendar event, for the two sides' own calendars. The UID is the
/// booking's, so a calendar that imports it again updates the one event: SEQUENCE grows when the
/// booking moves or is cancelled, and a cancelled booking reads STATUS:CANCELLED.
/// </summary>
public sealed class GetCalendar(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/bookings/{id:guid}/calendar.ics", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid id,
                HttpContext http, CurrentUser caller, GetCalendar calendar, CancellationToken ct) =>
            {
                var ics = await calendar.RunAsync(caller, id, $"{http.Request.Scheme}://{http.Request.Host}", ct);
                if (ics.IsRefused(out var refusal)) return refusal.ToProblem();
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"interview-{id}.ics\"";
                return TypedResults.Text(ics.Value, "text/calendar; charset=utf-8", Encoding.UTF8);
            })
            .RequireAuthorization(Policies.SignedIn)
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .Refuses(Bookings.NotFound)
            .WithSummary("The booking as an iCalendar event (RFC 5545), for its student and its employer's recruiters.");

    /// <summary>The event's text; <paramref name="origin"/> (scheme and host) makes the room link absolute for a calendar app.</summary>
    public async Task<Outcome<string>> RunAsync(CurrentUser caller, Guid id, string origin, CancellationToken ct)
    {
        var (booking, _) = await Bookings.FindAsync(id, caller, db, ct);
        if (booking is null) return Bookings.NotFound;
        var view = await Bookings.LoadAsync(db, id, caller, time, ct);
        return Write(view, origin + view.RoomUrl, time.GetUtcNow());
    }

    private static string Write(BookingResponse b, string roomUrl, DateTimeOffset now)
    {
        var ics = new Writer();
        ics.Line("BEGIN:VCALENDAR");
        ics.Line("VERSION:2.0");
        ics.Line("PRODID:-//JobFair//Video interviews//ZH");
        ics.Line("CALSCALE:GREGORIAN");
        ics.Line("METHOD:PUBLISH");
        ics.Line("BEGIN:VEVENT");
        ics.Line($"UID:{b.Id}@jobfair");
        ics.Line($"DTSTAMP:{Utc(now)}");
        ics.Line($"DTSTART:{Utc(b.StartsAt)}");
        ics.Line($"DTEND:{Utc(b.EndsAt)}");
        ics.Line($"CREATED:{Utc(b.CreatedAt)}");
        ics.Line($"LAST-MODIFIED:{Utc(b.UpdatedAt)}");
        ics.Line($"SEQUENCE:{b.Sequence}");
        ics.Line($"STATUS:{(b.Status == BookingStatus.Cancelled ? "CANCELLED" : "CONFIRMED")}");
        ics.Line($"SUMMARY:{Text($"视频面试：{b.PositionTitle}（{b.Employer.Name}）")}");
        ics.Line($"DESCRIPTION:{Text($"{b.Employer.Name} · {b.PositionTitle}\n应聘者：{b.Student.Name}（{b.Student.University}）\n" +
                                     $"面试间：{roomUrl}\n面试间在开始前 10 分钟开放，仅限双方进入。")}");
        ics.Line($"LOCATION:{Text("线上视频面试")}");
        ics.Line($"URL:{roomUrl}");
        ics.Line("END:VEVENT");
        ics.Line("END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary>A UTC date-time in the form RFC 5545 calls "form #2".</summary>
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11).</summary>
    private static string Text(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Content lines end in CRLF and fold before 75 octets, never inside a UTF-8 character (RFC 5545 3.1).</summary>
    private sealed class Writer
    {
        private const int MaxOctets = 75;
        private readonly StringBuilder _out = new();

        public void Line(string line)
        {
            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                var size = rune.Utf8SequenceLength;
                // A continuation line starts with one space, which counts towards its 75 octets.
                if (octets + size > MaxOctets)
                {
                    _out.Append("\r\n ");
                    octets = 1;
                }
                _out.Append(rune.ToString());
                octets += size;
            }
            _out.Append("\r\n");
        }

        public override string ToString() => _out.ToString();
    }
}
