using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A graduate's counsellor logs a contact with them: when, how (phone, WeChat, meeting), and what was said.</summary>
public sealed class LogContact(JobFairDb db, TimeProvider time, IValidator<LogContact.Request> validator) : IUseCase
{
    /// <summary>When the contact took place (not in the future), how (phone, wechat or meeting), and what was said.</summary>
    public sealed record Request(DateTimeOffset At, string Channel, string Summary);

    /// <summary>Clocks differ a little between a counsellor's phone and the server.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.At).NotEmpty()
                .Must(a => a <= time.GetUtcNow() + ClockSkew).WithMessage("at lies in the future")
                .Must(a => a >= time.GetUtcNow().AddYears(-1)).WithMessage("at lies more than a year back");
            RuleFor(r => r.Channel).Must(c => ContactChannels.All.Contains(c)).WithMessage("channel must be phone, wechat or meeting");
            RuleFor(r => r.Summary).NotEmpty().MaximumLength(2000);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/{id:guid}/plan/contacts", (Guid id, Request request, CurrentUser caller, LogContact log, CancellationToken ct) =>
                log.RunAsync(caller, id, request, ct).ToCreated(e => $"/api/students/{id}/plan"))
            .RequireAuthorization(Policies.Counsellor)
            .Idempotent()
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("channel", "phone, wechat or meeting"), LedgerAccess.NotFound, LedgerAccess.PartnerOnlyAdvises,
                LedgerAccess.NotOwnCounsellor)
            .WithSummary("A graduate's counsellor logs a contact (when, phone/wechat/meeting, summary). Audited.");

    public async Task<Outcome<PlanEntryResponse>> RunAsync(CurrentUser caller, Guid studentId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;
        if (reader.MayWrite(PlanEntryKinds.Contact) is { } notHers) return notHers;

        return await db.AddAsync(time, reader, new PlanEntry
        {
            StudentId = student.Id, Kind = PlanEntryKinds.Contact, Text = request.Summary.Trim(), ContactedAt = request.At,
            Channel = request.Channel, AuthorId = reader.Counsellor!.Id, AuthorUniversityId = reader.Counsellor.UniversityId,
            CreatedAt = time.GetUtcNow(),
        }, "plan_contact_logged", ct);
    }
}
