using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews;
using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Live;

/// <summary>
/// <c>/hubs/live</c>. Anyone may connect (cookie, <c>?access_token=</c> or nobody); who is in
/// which group is decided here from the database, never by the client. A signed-in user is
/// always in their own user group, a recruiter in their employer's, centre staff in their
/// university's; watching fairs and positions is asked for and checked.
/// Refusals are hub errors whose message starts with a stable code (<c>not_found: ...</c>).
/// </summary>
public sealed class LiveHub(JobFairDb db) : Hub<ILiveClient>
{
    /// <summary>
    /// The hub's refusals speak the three codes the contract gives hub errors. Whether a position
    /// does not exist or is not the caller's to see, the answer is the same <c>forbidden</c>.
    /// </summary>
    private static readonly Refusal SignInToWatch = Refusal.Unauthenticated("Sign in to watch a position.");
    private static readonly Refusal MayNotWatch = Refusal.Forbidden("forbidden",
        "Only the position's recruiters and the students invited to interview for it may watch it.");

    public override async Task OnConnectedAsync()
    {
        var caller = Caller();
        if (await caller.GetAsync(Context.ConnectionAborted) is { } user)
        {
            await Join(LiveGroups.User(user.Id));
            if (await caller.EmployerAsync(Context.ConnectionAborted) is { } employerId) await Join(LiveGroups.Employer(employerId));
            if (await caller.CentreUniversityAsync(Context.ConnectionAborted) is { } universityId) await Join(LiveGroups.University(universityId));
        }
        await base.OnConnectedAsync();
    }

    /// <summary>Published and closed fairs, for anyone; drafts for their hosts (and the admin) only.</summary>
    public async Task WatchFair(Guid fairId)
    {
        if (!await db.IsVisibleAsync(fairId, Caller(), Context.ConnectionAborted)) throw Refused(FairAccess.NotFound);
        await Join(LiveGroups.Fair(fairId));
    }

    public Task UnwatchFair(Guid fairId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Fair(fairId));

    /// <summary>For those who may list the position's slots: its employer's recruiters and students invited for it.</summary>
    public async Task WatchPosition(Guid positionId)
    {
        var caller = Caller();
        if (caller.Id is null) throw Refused(SignInToWatch);
        if (await SlotAccess.RefusalAsync(db, caller, positionId, Context.ConnectionAborted) is not null) throw Refused(MayNotWatch);
        await Join(LiveGroups.Position(positionId));
    }

    public Task UnwatchPosition(Guid positionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Position(positionId));

    private CurrentUser Caller() => CurrentUser.For(Context.User, db);

    private static HubException Refused(Refusal refusal) => new($"{refusal.Code}: {refusal.Message}");

    private Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
}
