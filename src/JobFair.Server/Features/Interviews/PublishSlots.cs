using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// A recruiter publishes interview slots for one of their employer's positions, listed one by
/// one or generated from a span (<c>from</c>, <c>to</c>, <c>minutes</c>, <c>gapMinutes</c>).
/// </summary>
public sealed class PublishSlots(JobFairDb db, TimeProvider time, IValidator<PublishSlots.Request> validator) : IUseCase
{
    public const int MaxSlotsPerPosition = 1000;
    public const int MaxCapacity = 500;
    public static readonly TimeSpan MinLength = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(8);
    /// <summary>Interviews may follow a fair, but not by more than this.</summary>
    public static readonly TimeSpan AfterFairAtMost = TimeSpan.FromDays(90);

    public sealed record SlotInput(DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? Capacity);

    public sealed record Request(List<SlotInput>? Slots, DateTimeOffset? From, DateTimeOffset? To, int? Minutes, int? GapMinutes,
        int? Capacity)
    {
        internal bool IsGenerator => Slots is null;

        /// <summary>The slots asked for, in time order; the generator's as the contract defines them.</summary>
        public IReadOnlyList<PlannedSlot> Expand()
        {
            if (!IsGenerator) return Slots!.Select(s => new PlannedSlot(s.StartsAt, s.EndsAt, s.Capacity ?? 1)).OrderBy(s => s.StartsAt).ToList();
            var length = TimeSpan.FromMinutes(Minutes!.Value);
            var step = length + TimeSpan.FromMinutes(GapMinutes ?? 0);
            var slots = new List<PlannedSlot>();
            // One past the limit is enough to know that the request asks for too many.
            for (var start = From!.Value; start + length <= To!.Value && slots.Count <= MaxSlotsPerPosition; start += step)
                slots.Add(new PlannedSlot(start, start + length, Capacity ?? 1));
            return slots;
        }
    }

    /// <summary>A slot as it would be published.</summary>
    public sealed record PlannedSlot(DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity);

    public sealed record Published(IReadOnlyList<SlotResponse> Items);

    /// <summary>What a request would publish (<see cref="PreviewAsync"/>).</summary>
    public sealed record Planned(IReadOnlyList<PlannedSlot> Items);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r).Must(r => (r.Slots is null) != (r.From is null && r.To is null && r.Minutes is null && r.GapMinutes is null))
                .OverridePropertyName("slots")
                .WithMessage("send either slots, or from, to and minutes (with gapMinutes and capacity) to generate them, not both");
            When(r => r.Slots is not null, () =>
            {
                RuleFor(r => r.Slots!).NotEmpty().Must(s => s.Count <= MaxSlotsPerPosition)
                    .WithMessage($"at most {MaxSlotsPerPosition} slots at once");
                RuleForEach(r => r.Slots!).NotNull().WithMessage("a slot may not be null");
                RuleForEach(r => r.Slots!).ChildRules(slot =>
                {
                    slot.RuleFor(s => s.StartsAt).NotEmpty().Must(s => s > time.GetUtcNow()).WithMessage("startsAt lies in the past");
                    slot.RuleFor(s => s.EndsAt).Must((s, end) => end - s.StartsAt >= MinLength && end - s.StartsAt <= MaxLength)
                        .WithMessage("a slot lasts from 5 minutes to 8 hours");
                    slot.RuleFor(s => s.Capacity).InclusiveBetween(1, MaxCapacity);
                });
            });
            When(r => r.Slots is null, () =>
            {
                RuleFor(r => r.From).NotNull().Must(f => f > time.GetUtcNow()).WithMessage("from lies in the past");
                RuleFor(r => r.To).NotNull().Must((r, to) => to > r.From).WithMessage("to must come after from")
                    .Must((r, to) => to - r.From <= TimeSpan.FromDays(31)).WithMessage("generate at most 31 days of slots at once");
                RuleFor(r => r.Minutes).NotNull().InclusiveBetween((int)MinLength.TotalMinutes, (int)MaxLength.TotalMinutes);
                RuleFor(r => r.GapMinutes).InclusiveBetween(0, 24 * 60);
                RuleFor(r => r.Capacity).InclusiveBetween(1, MaxCapacity);
                RuleFor(r => r).Must(r => r.Expand().Count is > 0 and <= MaxSlotsPerPosition)
                    .When(r => r.From < r.To && r.Minutes is >= 5 and <= 480 && r.GapMinutes is null or >= 0 and <= 1440)
                    .OverridePropertyName("to")
                    .WithMessage($"from, to and minutes must make between 1 and {MaxSlotsPerPosition} slots");
            });
        }
    }

    public static readonly Refusal PositionClosed = Refusal.Conflict("position_closed", "The position is closed; it takes no more interviews.");
    public static readonly Refusal TooManySlots =
        Refusal.Conflict("too_many_slots", $"A position has at most {MaxSlotsPerPosition} interview slots.");
    public static readonly Refusal Overlap = Refusal.Conflict("slot_overlap", "These slots overlap each other or slots you already run.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/positions/{id:guid}/slots", (Guid id, Request request, CurrentUser caller, PublishSlots publish, CancellationToken ct) =>
                publish.RunAsync(caller, id, request, ct).ToCreated(_ => $"/api/positions/{id}/slots"))
            .RequireAuthorization(Policies.Recruiter)
            .Idempotent()
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("slots", "send either slots, or from, to and minutes"), RecruiterCaller.NotRecruiter,
                Refusal.NotFound("position"), PositionClosed, TooManySlots, Overlap)
            .WithSummary("Publish interview slots for one of the caller's employer's positions: a list of " +
                         "{startsAt,endsAt,capacity}, or generated from {from,to,minutes,gapMinutes,capacity}. " +
                         "The caller's own slots may not overlap (409 slot_overlap).");

    /// <summary>
    /// The slots <see cref="RunAsync"/> would publish for this request, checked by the same rules,
    /// without publishing them: the page shows the generator's slots before the recruiter confirms.
    /// </summary>
    public async Task<Outcome<Planned>> PreviewAsync(CurrentUser caller, Guid positionId, Request request,
        CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var wanted = request.Expand();
        var position = db.Positions.Where(p => p.Id == positionId && p.EmployerId == employerId);
        if (await RefusalAsync(position, positionId, wanted, ct) is { } refusal) return refusal;
        return new Planned(wanted);
    }

    public async Task<Outcome<Published>> RunAsync(CurrentUser caller, Guid positionId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var now = time.GetUtcNow();
        var wanted = request.Expand();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Publishing for one position is serialised on its row, so the per-position limit holds.
        var position = db.Positions.FromSql($"SELECT * FROM positions WHERE id = {positionId} AND employer_id = {employerId} FOR UPDATE");
        if (await RefusalAsync(position, positionId, wanted, ct) is { } refusal) return refusal;

        var slots = wanted.Select(w => new InterviewSlot
        {
            PositionId = positionId, EmployerId = employerId, RecruiterId = caller.Id!.Value,
            StartsAt = w.StartsAt, EndsAt = w.EndsAt, Capacity = w.Capacity, CreatedAt = now,
        }).ToList();
        db.InterviewSlots.AddRange(slots);
        db.Publish(new SlotsPublished(positionId, employerId, slots.Select(s => s.Id).ToList()), time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsExclusionViolation(InterviewSlotConfiguration.RecruiterOverlap))
        {
            return Overlap;
        }
        await tx.CommitAsync(ct);

        var zone = await caller.ZoneAsync(ct);
        return new Published(slots.Select(s => SlotResponse.From(s, zone)).ToList());
    }

    /// <summary>Why these slots may not be added to the position (one of the caller's employer's), or null.</summary>
    private async Task<Refusal?> RefusalAsync(IQueryable<Position> own, Guid positionId, IReadOnlyList<PlannedSlot> wanted, CancellationToken ct)
    {
        var position = await own.AsNoTracking().Select(p => new { p.Id, p.Status }).SingleOrDefaultAsync(ct);
        if (position is null) return Refusal.NotFound("position");
        if (position.Status == PositionStatus.Closed) return PositionClosed;

        var window = await db.PositionFairs.Where(pf => pf.PositionId == positionId)
            .Join(db.Fairs, pf => pf.FairId, f => f.Id, (_, f) => new { f.StartsAt, f.EndsAt })
            .GroupBy(_ => 1).Select(g => new { Opens = g.Min(f => f.StartsAt), Closes = g.Max(f => f.EndsAt) })
            .SingleOrDefaultAsync(ct);
        if (window is null) return Refusal.NotFound("position");
        if (wanted[0].StartsAt < window.Opens)
            return Refusal.Invalid("slots", "Interview slots start no earlier than the position's fair.");
        if (wanted[^1].StartsAt > window.Closes + AfterFairAtMost)
            return Refusal.Invalid("slots", "Interview slots start at most 90 days after the position's last fair ends.");
        if (await db.InterviewSlots.CountAsync(s => s.PositionId == positionId, ct) + wanted.Count > MaxSlotsPerPosition)
            return TooManySlots;
        return null;
    }
}

public sealed record SlotResponse(Guid Id, Guid PositionId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone,
    int Capacity, int Booked)
{
    public static SlotResponse From(InterviewSlot s, TimeZoneInfo zone) =>
        new(s.Id, s.PositionId, TimeZoneInfo.ConvertTime(s.StartsAt, zone), TimeZoneInfo.ConvertTime(s.EndsAt, zone), zone.Id,
            s.Capacity, s.Booked);
}
