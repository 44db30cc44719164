namespace JobFair.Server.Features.Fairs;

/// <summary>Rules shared by creating and editing a fair.</summary>
internal static class FairRules
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(30);
    /// <summary>A fair may be opened on the spot: its start may lie this far in the past.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromHours(24);

    public static void Window<T>(AbstractValidator<T> v, Func<T, DateTimeOffset> startsAt, Func<T, DateTimeOffset> endsAt, TimeProvider time)
    {
        v.RuleFor(r => startsAt(r)).NotEmpty().OverridePropertyName("startsAt").WithName("startsAt")
            .Must(s => s >= time.GetUtcNow() - StartGrace).WithMessage("开始时间最多可早于现在 24 小时 (startsAt may lie at most 24 h in the past)");
        v.RuleFor(r => endsAt(r)).NotEmpty().OverridePropertyName("endsAt").WithName("endsAt")
            .Must((r, e) => e > startsAt(r)).WithMessage("结束时间必须晚于开始时间 (endsAt must be after startsAt)")
            .Must(e => e > time.GetUtcNow()).WithMessage("结束时间必须在将来 (endsAt must lie in the future)")
            .Must((r, e) => e - startsAt(r) <= MaxLength).WithMessage("双选会最长 30 天 (a fair lasts at most 30 days)");
    }
}
