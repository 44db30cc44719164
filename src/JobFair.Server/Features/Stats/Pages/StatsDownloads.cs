using JobFair.Server.Features.Accounts;
using JobFair.Server.Web;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Stats.Pages;

/// <summary>
/// The dashboards' tables as CSV files: the rows the page shows, built by the same code
/// (<see cref="FairTables"/>, <see cref="NationalTables"/>), headed in the reader's language.
/// Links on the pages, so cookie-authenticated GETs; the same policies as the pages.
/// </summary>
internal static class StatsDownloads
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("").ExcludeFromDescription();
        downloads.MapGet("/centre/fairs/{id:guid}/{table}.csv", async (Guid id, string table, CurrentUser caller, GetFairStats stats,
                GetFairBreakdown breakdown, JobFairDb db, IStringLocalizer<StatsText> t, Reader reader, CancellationToken ct) =>
            {
                if (!FairTables.Keys.Contains(table)) return Results.NotFound();
                await reader.LoadAsync(caller, db, ct);
                var detail = await breakdown.RunAsync(caller, id, ct);
                if (detail.IsRefused(out _)) return Results.NotFound();
                var figures = await stats.RunAsync(caller, id, ct);
                var chosen = FairTables.Build(figures.Value, detail.Value, t, reader).Single(x => x.Key == table);
                return Results.File(chosen.ToCsv(), "text/csv; charset=utf-8", $"fair-{id:N}-{table}.csv");
            })
            .RequireAuthorization(Policies.Centre);
        downloads.MapGet("/centre/pair/{id:guid}/{table}.csv", async (Guid id, string table, CurrentUser caller, JobFairDb db, GetPairStats pairStats,
                IStringLocalizer<StatsText> t, CancellationToken ct) =>
            {
                if (!PairTables.Keys.Contains(table)) return Results.NotFound();
                // Only the centres of the pair's two sides (the page lists their pairs only).
                if (!(await PairTables.PairsOfAsync(db, caller, ct)).Any(p => p.Id == id)) return Results.NotFound();
                var tables = await PairTables.LoadAsync(db, pairStats, id, t, ct);
                return Results.File(tables.Single(x => x.Key == table).ToCsv(), "text/csv; charset=utf-8", $"pair-{id:N}-{table}.csv");
            })
            .RequireAuthorization(Policies.Centre);
        downloads.MapGet("/admin/{table}.csv", async (string table, GetPairStats pairs,
                IStringLocalizer<StatsText> t, CancellationToken ct) =>
            {
                if (!NationalTables.Keys.Contains(table)) return Results.NotFound();
                var (_, tables) = await NationalTables.LoadAsync(pairs, t, sort: null, descending: false, ct);
                return Results.File(tables.Single(x => x.Key == table).ToCsv(), "text/csv; charset=utf-8", $"national-{table}.csv");
            })
            .RequireAuthorization(Policies.Admin);
    }
}
