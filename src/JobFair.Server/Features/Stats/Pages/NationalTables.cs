using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Stats.Pages;

/// <summary>The tables of the national page (/admin) and of its CSV downloads: by batch, and every pair.</summary>
public static class NationalTables
{
    public static readonly string[] Keys = ["batches", "pairs"];

    /// <summary>The figure columns of both tables, in order (a sort key is one of these names).</summary>
    public static readonly string[] Columns =
        ["fairs", "employers", "positions", "applications", "interviews", "signed", "meetings"];

    /// <summary>The columns of the pairs table, each a sort key: the pair's name, the batch, then <see cref="Columns"/>.</summary>
    public static readonly string[] PairColumns = ["name", "batch", .. Columns];

    /// <summary>Pairs by name as a Chinese reader looks one up: by the pinyin of the supported university, then the supporting one.</summary>
    private static readonly StringComparer ByPinyin = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);

    /// <summary>The national totals and both tables, from one reading of every pair's figures.</summary>
    public static async Task<(GetNationalStats.NationalStats Totals, IReadOnlyList<FigureTable> Tables)> LoadAsync(GetPairStats pairStats,
        IStringLocalizer<StatsText> t, string? sort, bool descending, CancellationToken ct)
    {
        var all = await pairStats.RunForAllAsync(ct);
        var totals = GetNationalStats.Of(all.Select(p => (p.Batch, p.Activities, p.Figures)));
        var headers = Columns.Select(c => (string)t[$"National.Column.{c}"]).ToList();
        var batches = new FigureTable("batches", t["National.ByBatch"], [t["National.Batch"], t["National.Pairs"], .. headers],
            [.. totals.ByBatch.Select(b => new FigureRow(string.Format(System.Globalization.CultureInfo.CurrentCulture, t["National.BatchName"], b.Batch), b.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [b.Pairs, .. Values(b.Figures, b.Activities)]))], Charted: 4);
        var rows = all.Select(p => new FigureRow($"{p.Supported} — {p.Supporting}", [p.Batch, .. Values(p.Figures, p.Activities)]));
        if (sort == "name")
            rows = descending ? rows.OrderByDescending(r => r.Label, ByPinyin) : rows.OrderBy(r => r.Label, ByPinyin);
        else if (sort is not null && Array.IndexOf(PairColumns, sort) is var index and >= 1)
            rows = descending ? rows.OrderByDescending(r => r.Values[index - 1]) : rows.OrderBy(r => r.Values[index - 1]);
        var pairTable = new FigureTable("pairs", t["National.PairsTable"], [t["National.Pair"], t["National.Batch"], .. headers],
            [.. rows], Charted: 4);
        return (totals, [batches, pairTable]);
    }

    /// <summary>The figures of <see cref="Columns"/>, in order. Interviews are those booked and held (bookings now active).</summary>
    private static long[] Values(Figures f, Activities a) =>
        [f.Fairs, f.Employers, f.Positions, f.Applications, f.InterviewsBooked, f.Signed, a.Meetings];
}
