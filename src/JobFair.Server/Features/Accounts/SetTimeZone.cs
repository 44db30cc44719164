namespace JobFair.Server.Features.Accounts;

/// <summary>A signed-in user chooses the zone their times are shown in.</summary>
public sealed class SetTimeZone(JobFairDb db, IValidator<SetTimeZone.Request> validator) : IUseCase
{
    public sealed record Request(string TimeZone);
    public sealed record Response(string TimeZone);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.TimeZone).NotEmpty().MaximumLength(64)
                .Must(TimeZones.IsKnown).WithMessage("timeZone must be an IANA time zone such as Asia/Shanghai or Europe/Berlin");
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/me/time-zone", (Request request, CurrentUser caller, SetTimeZone set, CancellationToken ct) =>
                set.RunAsync(caller, request, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("timeZone", "must be an IANA time zone"))
            .WithSummary("Set the zone the caller's times are shown in (IANA id; default Asia/Shanghai).");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (caller.Id is not { } id) return Refusal.Unauthenticated();
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, request.TimeZone), ct);
        return new Response(request.TimeZone);
    }
}
