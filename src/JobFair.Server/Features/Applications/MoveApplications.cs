using JobFair.Server.Features.Accounts;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Applications;

/// <summary>
/// A recruiter moves many applications to one status with one note (the board's bulk move). Each
/// one takes its own step through <see cref="ChangeApplicationStatus"/> or, to invite,
/// <see cref="InviteToInterview"/>, so every rule is theirs; one refused never stops the others,
/// and the answer says for each whether it moved or why not.
/// </summary>
public sealed class MoveApplications(JobFairDb db, ChangeApplicationStatus change, InviteToInterview invite,
    IValidator<MoveApplications.Request> validator) : IUseCase
{
    /// <summary>The most a bulk move takes at once: a page of the board.</summary>
    public const int Most = 100;

    /// <summary>What a recruiter may move an application to (the contract's recruiter column).</summary>
    public static readonly string[] Targets = [S.Viewed, S.Shortlisted, S.InterviewInvited, S.Offered, S.Rejected];

    public sealed record Request(IReadOnlyList<Guid> ApplicationIds, string Status, string? Note);

    /// <summary>One application's result: its status afterwards, or the refusal that left it as it was.</summary>
    public sealed record Result(Guid ApplicationId, ApplicationResponse? Moved, Refusal? Refused);

    /// <summary>Every application's result, in the order asked.</summary>
    public sealed record Report(IReadOnlyList<Result> Results);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ApplicationIds).NotEmpty().WithMessage("choose at least one application")
                .Must(ids => ids is null || ids.Count <= Most).WithMessage($"at most {Most} at once");
            RuleFor(r => r.Status).Must(s => Targets.Contains(s)).WithMessage("viewed, shortlisted, interview_invited, offered or rejected");
            RuleFor(r => r.Note).MaximumLength(1000);
        }
    }

    public async Task<Outcome<Report>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var results = new List<Result>();
        foreach (var id in request.ApplicationIds.Distinct())
        {
            var outcome = request.Status == S.InterviewInvited
                ? await invite.RunAsync(caller, id, new InviteToInterview.Request(request.Note), ct)
                : await change.RunAsync(caller, id, new ChangeApplicationStatus.Request(request.Status, request.Note), ct);
            results.Add(outcome.IsRefused(out var refusal) ? new Result(id, null, refusal) : new Result(id, outcome.Value, null));
            // Each step saved (or refused) on its own: nothing of one may ride along with the next one's save.
            db.ChangeTracker.Clear();
        }
        return new Report(results);
    }
}
