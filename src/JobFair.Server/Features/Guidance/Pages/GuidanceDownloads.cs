using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Server.Features.Guidance.Reminders;
using JobFair.Server.Web;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Guidance.Pages;

/// <summary>
/// The centre's guidance tables (/centre/guidance) as CSV files: the rows the page shows, built by
/// <see cref="GuidanceTables"/>, headed in the reader's language; the employers' table whole.
/// Links on the page, so cookie-authenticated GETs under the page's policy.
/// </summary>
internal static class GuidanceDownloads
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("").ExcludeFromDescription()
            .MapGet("/centre/guidance/{table}.csv", async (string table, CurrentUser caller, GetGuidanceFigures figures, CountPushes pushes,
                ListEmployerResponsiveness responsiveness, JobFairDb db, IStringLocalizer<GuidanceText> t, Reader reader, CancellationToken ct) =>
            {
                if (!GuidanceTables.Keys.Contains(table)) return Results.NotFound();
                if (await caller.CentreUniversityAsync(ct) is not { } universityId) return Results.NotFound();
                await reader.LoadAsync(caller, db, ct);
                var loaded = await GuidanceTables.LoadAsync(figures, pushes, responsiveness, caller, universityId, null, ct);
                if (loaded.IsRefused(out _)) return Results.NotFound();
                var chosen = GuidanceTables.Build(loaded.Value.Sources, t, reader).Single(x => x.Key == table);
                return Results.File(chosen.ToCsv(), "text/csv; charset=utf-8", $"guidance-{table}.csv");
            })
            .RequireAuthorization(Policies.Centre);
}
