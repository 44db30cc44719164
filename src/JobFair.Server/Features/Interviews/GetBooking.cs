using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>One booking, for its student and its employer's recruiters.</summary>
public sealed class GetBooking(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/bookings/{id:guid}", (Guid id, CurrentUser caller, GetBooking get, CancellationToken ct) =>
                get.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Bookings.NotFound)
            .WithSummary("One booking, for its student and its employer's recruiters.");

    public async Task<Outcome<BookingResponse>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var (booking, _) = await Bookings.FindAsync(id, caller, db, ct);
        if (booking is null) return Bookings.NotFound;
        return await Bookings.LoadAsync(db, id, caller, time, ct);
    }
}
