using System.Security.Claims;
using System.Text.RegularExpressions;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Fairs;

/// <summary>
/// Keyword search is planned for its keywords and its fair on every search (0027), even where PostgreSQL reuses a
/// statement's plan: this app's connections reuse every plan they can (force_generic_plan), as PostgreSQL may decide to
/// for any statement sent again and again on one connection.
/// </summary>
public sealed class SearchPlanTests(SearchPlanTests.PlansReusedApp app) : IClassFixture<SearchPlanTests.PlansReusedApp>
{
    public sealed class PlansReusedApp : JobFairApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("ConnectionStrings:JobFair", ConnectionString + ";Options=-c plan_cache_mode=force_generic_plan")];
    }

    [Fact]
    public async Task Keyword_searches_repeated_on_one_connection_are_each_planned_for_their_words()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId);
        var (recruiter, employerId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "嵌入式工程师", "负责单片机开发"));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        await db.Database.OpenConnectionAsync(); // every search below on this one connection, where its statements are prepared
        var search = scope.ServiceProvider.GetRequiredService<SearchFairPositions>();
        var anonymous = new CurrentUser(new ClaimsPrincipal(new ClaimsIdentity()), db);
        foreach (var words in (string[])["嵌入式", "单片机", "工程师", "开发", "嵌入式", "单片机", "工程师", "开发", "嵌入式"])
        {
            var found = await search.RunAsync(anonymous, fairId, new SearchFairPositions.Query(words, null, null, null, null, 1, 20), default);
            Assert.Null(found.Refusal);
            Assert.Equal(1, found.Value.Total);
        }

        // The connection prepared the search's call and reuses its plan, which only calls the function ...
        var prepared = await db.Database.SqlQuery<string>($"""SELECT statement AS "Value" FROM pg_prepared_statements""").ToListAsync();
        Assert.Contains(prepared, s => s.Contains("jf_fair_search_page(", StringComparison.Ordinal));
        Assert.DoesNotContain(prepared, s => s.Contains("search_vector @@", StringComparison.Ordinal));
        // ... which runs the statement over search_entries by EXECUTE: a one-shot plan, made for its values each time,
        // whatever plan_cache_mode says. A statement written in the function's body would be prepared there and its plan
        // reused on this connection (0027's header; docs/performance.md has the plans auto_explain showed for both).
        var body = await db.Database.SqlQuery<string>($"""SELECT prosrc AS "Value" FROM pg_proc WHERE proname = 'jf_fair_search_page'""")
            .SingleAsync();
        // RETURN QUERY EXECUTE, not FOR … IN EXECUTE or OPEN … FOR EXECUTE: a cursor's plan follows plan_cache_mode.
        var quoted = Regex.Match(body, @"(?is)\bRETURN\s+QUERY\s+EXECUTE\s+(\$\w*\$)(.*?)\1");
        Assert.True(quoted.Success, "jf_fair_search_page runs its statement by RETURN QUERY EXECUTE");
        Assert.Contains("search_vector @@", quoted.Groups[2].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("search_entries", body.Remove(quoted.Index, quoted.Length), StringComparison.OrdinalIgnoreCase);
    }
}
