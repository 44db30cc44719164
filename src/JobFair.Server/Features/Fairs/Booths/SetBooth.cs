using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// A recruiter opens, pauses or closes their employer's booth and sets its cap and talk length.
/// <c>open: true</c> opens it; <c>open: false</c> closes it, sending everyone waiting away (each
/// told why), unless <c>status: "paused"</c> asks only to stop taking newcomers while those
/// waiting keep their places. Omitted settings keep their values.
/// </summary>
public sealed class SetBooth(JobFairDb db, TimeProvider time, IValidator<SetBooth.Request> validator) : IUseCase
{
    /// <summary><c>status</c> (optional) says "paused" apart from "closed"; it must agree with <c>open</c>.</summary>
    public sealed record Request(bool? Open, int? Cap, int? MinutesPerTalk, string? Status)
    {
        internal string Target => Status ?? (Open == true ? BoothStatus.Open : BoothStatus.Closed);
    }

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Open).NotNull().WithMessage("open is required (true opens the booth, false closes or pauses it)");
            RuleFor(r => r.Status).Must(s => s is null || BoothStatus.All.Contains(s)).WithMessage("status is one of open, paused, closed")
                .Must((r, s) => s is null || r.Open is null || (s == BoothStatus.Open) == r.Open)
                .WithMessage("status must agree with open (open: true with status open)");
            RuleFor(r => r.Cap).InclusiveBetween(1, 2000);
            RuleFor(r => r.MinutesPerTalk).InclusiveBetween(1, 120);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/fairs/{fairId:guid}/booths/{employerId:guid}",
                (Guid fairId, Guid employerId, Request request, CurrentUser caller, SetBooth set, CancellationToken ct) =>
                    set.RunAsync(caller, fairId, employerId, request, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("open", "required"), RecruiterCaller.NotRecruiter, FairAccess.NotFound, BoothAccess.NotFound,
                BoothAccess.NotOwnBooth, FairAccess.Closed)
            .WithSummary("Open, pause or close the caller's booth and set its cap and minutes per talk; closing sends those waiting away, each told why.");

    public async Task<Outcome<BoothResponse>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await BoothAccess.FindForRecruiterAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var now = time.GetUtcNow();
        if (!found.Value.FairOpen(now)) return FairAccess.Closed;

        await db.RetryAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The first setting creates the row; then every change takes its turn on it, as joins do.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO booths (fair_id, employer_id, status, cap, minutes_per_talk, last_ticket, updated_at, updated_by)
                VALUES ({fairId}, {employerId}, {BoothStatus.Closed}, {BoothResponses.DefaultCap}, {BoothResponses.DefaultMinutesPerTalk}, 0, {now}, {caller.Id!.Value})
                ON CONFLICT DO NOTHING
                """, ct);
            var booth = (await BoothAccess.LockAsync(db, fairId, employerId, ct))!;
            var (wasStatus, wasMinutes) = (booth.Status, booth.MinutesPerTalk);
            booth.Status = request.Target;
            booth.Cap = request.Cap ?? booth.Cap;
            booth.MinutesPerTalk = request.MinutesPerTalk ?? booth.MinutesPerTalk;
            booth.UpdatedAt = now;
            booth.UpdatedBy = caller.Id!.Value;
            var departed = booth.Status == BoothStatus.Closed && wasStatus != BoothStatus.Closed
                ? await QueueLine.DepartAllAsync(db, time, fairId, [employerId], EndReason.BoothClosed, ct)
                : 0;
            // Booth lists show the change; a new talk length moves every waiting student's estimate.
            var moved = departed > 0 || booth.MinutesPerTalk != wasMinutes ? 0 : BoothLineMoved.NoPlaces;
            db.Publish(new BoothLineMoved(fairId, employerId, moved), time);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
        return await BoothResponses.LoadAsync(db, fairId, employerId, now, ct);
    }
}
