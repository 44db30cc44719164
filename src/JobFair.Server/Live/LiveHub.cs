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
        if (!await db.IsVisibleAsync(fairId, Caller(), Context.ConnectionAborted))
            throw new HubException("not_found: No such fair.");
        await Join(LiveGroups.Fair(fairId));
    }

    public Task UnwatchFair(Guid fairId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Fair(fairId));

    /// <summary>For those who may list the position's slots: its employer's recruiters and students invited for it.</summary>
    public async Task WatchPosition(Guid positionId)
    {
        var caller = Caller();
        if (caller.Id is null) throw new HubException("unauthenticated: Sign in to watch a position.");
        var ct = Context.ConnectionAborted;
        var employerId = await db.Positions.Where(p => p.Id == positionId).Select(p => (Guid?)p.EmployerId).SingleOrDefaultAsync(ct);
        // The same rule as listing its slots: its employer's recruiters and the students invited for it.
        if (employerId is null || await SlotQueries.RefusalAsync(positionId, employerId.Value, caller, db, ct) is not null)
            throw new HubException("forbidden: Only the position's recruiters and the students invited to interview for it may watch it.");
        await Join(LiveGroups.Position(positionId));
    }

    public Task UnwatchPosition(Guid positionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Position(positionId));

    private CurrentUser Caller() => CurrentUser.For(Context.User, db);

    private Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
}
