using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Positions;

/// <summary>A posting's status or openings changed (edited or closed): the figures of its fairs count again.</summary>
public sealed record PositionChanged(Guid PositionId, string Status, int Openings) : IDomainEvent;

/// <summary>A recruiter edits one of their employer's open postings.</summary>
public sealed class EditPosition(JobFairDb db, TimeProvider time, IValidator<EditPosition.Request> validator) : IUseCase
{
    public sealed record Request(string Title, string Description, string City, List<string>? Majors, string Degree,
        int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt)
        : PositionFields(Title, Description, City, Majors, Degree, Openings, SalaryMin, SalaryMax, ClosesAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time) => Include(new PositionFieldsRules<Request>(time));
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/positions/{id:guid}", (Guid id, Request request, CurrentUser caller, EditPosition edit, CancellationToken ct) =>
                edit.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("title", "required"), RecruiterCaller.NotRecruiter, PositionAccess.NotFound, PositionAccess.Closed)
            .WithSummary("Edit one of the caller's employer's open postings.");

    public async Task<Outcome<PositionResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindOpenOwnAsync(caller, id, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var position = found.Value;
        var now = time.GetUtcNow();
        request.CopyTo(position, now);
        db.Publish(new PositionChanged(position.Id, position.Status, position.Openings), time);
        await db.SaveChangesAsync(ct);
        return await PositionResponse.LoadAsync(db, position, now, ct);
    }
}
