namespace JobFair.Server.Features.Accounts;

/// <summary>
/// Times are stored in UTC and shown in the reader's zone: their own IANA zone when they set one,
/// Asia/Shanghai otherwise. Responses carry the zone's name beside the times.
/// </summary>
public static class TimeZones
{
    public const string Default = "Asia/Shanghai";

    // China has kept UTC+8 without daylight saving since 1991: a machine without tzdata still
    // shows the default zone correctly.
    private static readonly TimeZoneInfo Shanghai =
        TimeZoneInfo.TryFindSystemTimeZoneById(Default, out var zone) ? zone
            : TimeZoneInfo.CreateCustomTimeZone(Default, TimeSpan.FromHours(8), Default, Default);

    /// <summary>The zone of that IANA id, or the default one for none or an id this machine does not know.</summary>
    public static TimeZoneInfo Find(string? id) =>
        id is null || id == Default ? Shanghai
            : TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : Shanghai;

    public static bool IsKnown(string? id) =>
        id == Default || (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId);

    public sealed record Request(string TimeZone);
    public sealed record Response(string TimeZone);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.TimeZone).NotEmpty().MaximumLength(64)
                .Must(IsKnown).WithMessage("timeZone must be an IANA time zone such as Asia/Shanghai or Europe/Berlin");
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/me/time-zone", Set).WithTags("Auth").RequireAuthorization().Validate<Request>()
            .WithSummary("Set the zone the caller's times are shown in (IANA id; default Asia/Shanghai).");

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Set(
        Request request, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (current.Id is not { } id) return Problem.Refuse(StatusCodes.Status401Unauthorized, "unauthenticated", "Sign in first.");
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, request.TimeZone), ct);
        return TypedResults.Ok(new Response(request.TimeZone));
    }
}
