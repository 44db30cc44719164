namespace JobFair.Server.Infrastructure;

/// <summary>The contract's list shape.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary><c>?page=1&amp;pageSize=20</c>; pageSize at most 100.</summary>
public record struct Paging(int? Page, int? PageSize)
{
    public const int MaxPageSize = 100;
    public readonly int Number => Page ?? 1;
    public readonly int Size => PageSize ?? 20;
    public readonly int Skip => (Number - 1) * Size;
}

internal static class PagingRules
{
    public static void Add<T>(AbstractValidator<T> validator, Func<T, Paging> paging)
    {
        validator.RuleFor(x => paging(x).Number).GreaterThanOrEqualTo(1).LessThanOrEqualTo(1_000_000).OverridePropertyName("page").WithName("page");
        validator.RuleFor(x => paging(x).Size).InclusiveBetween(1, Paging.MaxPageSize).OverridePropertyName("pageSize").WithName("pageSize");
    }
}

/// <summary>The query of a list that has nothing to filter by, only pages.</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    internal Paging Paging => new(Page, PageSize);
}

internal sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator() => PagingRules.Add(this, q => q.Paging);
}
