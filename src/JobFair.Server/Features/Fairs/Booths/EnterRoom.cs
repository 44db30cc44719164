using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// The called student answers the call: they come into the room within their 60 seconds, which
/// starts the talk. The room reports the same through <see cref="BoothRooms.RecordJoinAsync"/>;
/// this route lets the student's page (and any API client) answer before opening the room.
/// </summary>
public sealed class EnterRoom(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Entered(Guid EntryId, string RoomUrl, DateTimeOffset EnteredAt);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{fairId:guid}/booths/{employerId:guid}/queue/enter",
                (Guid fairId, Guid employerId, CurrentUser caller, EnterRoom enter, CancellationToken ct) =>
                    enter.RunAsync(caller, fairId, employerId, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(StudentCaller.NotStudent, FairAccess.NotFound, BoothAccess.NotFound, BoothRooms.NotCalled, BoothRooms.CallExpired)
            .WithSummary("The called student comes into the room (within 60 seconds of the call): the talk starts.");

    public async Task<Outcome<Entered>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var found = await BoothAccess.FindAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        // The student's latest call at this booth: the one they are answering.
        var entryId = await db.BoothQueueEntries
            .Where(e => e.FairId == fairId && e.EmployerId == employerId && e.StudentId == studentId && e.CalledAt != null)
            .OrderByDescending(e => e.CalledAt).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (entryId is not { } id) return BoothRooms.NotCalled;
        if (await BoothRooms.RecordJoinAsync(db, time, id, caller.Id!.Value, ct) is { } refused) return refused;
        var enteredAt = await db.BoothQueueEntries.Where(e => e.Id == id).Select(e => e.EnteredAt).SingleAsync(ct);
        if (enteredAt is not { } at) return BoothRooms.NotCalled; // the talk had already ended
        return new Entered(id, BoothAccess.RoomUrl(id), at);
    }
}
