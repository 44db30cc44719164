using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Foundation;

public sealed class CentreStaffTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task The_admin_creates_a_centre_member_who_signs_in_with_that_role()
    {
        var universityId = await app.UniversityIdAsync("武汉华夏理工学院");
        using var admin = await app.AdminAsync();
        var email = Callers.NewEmail("centre");

        var created = await Api.Expect(await admin.PostAsync("/api/admin/centre-staff",
            new { email, password = Callers.Password, universityId }), HttpStatusCode.Created);

        Assert.Equal(email, (string?)created["email"]);
        Assert.Equal(["centre"], created["roles"]!.AsArray().Select(r => (string?)r));
        using var centre = await new Api(app.CreateClient()) { Email = email }.SignInAsync();
        var me = await centre.GetJsonAsync("/api/me");
        Assert.Equal(["centre"], me["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(universityId.ToString(), (string?)me["universityId"]);
    }

    [Fact]
    public async Task Only_the_admin_may_create_centre_staff()
    {
        var universityId = await app.UniversityIdAsync("南京大学");
        var body = new { email = Callers.NewEmail(), password = Callers.Password, universityId };
        using var anonymous = app.Anonymous();
        using var user = await app.RegisterAsync();
        using var centre = await app.CentreAsync(universityId);
        var users = await CountUsers();

        await Api.ExpectProblem(await anonymous.PostAsync("/api/admin/centre-staff", body), HttpStatusCode.Unauthorized, "unauthenticated");
        await Api.ExpectProblem(await user.PostAsync("/api/admin/centre-staff", body), HttpStatusCode.Forbidden, "forbidden");
        await Api.ExpectProblem(await centre.PostAsync("/api/admin/centre-staff", body), HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(users, await CountUsers());
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_create_nothing()
    {
        var universityId = await app.UniversityIdAsync("南京大学");
        using var admin = await app.AdminAsync();
        using var existing = await app.RegisterAsync();
        var users = await CountUsers();

        var duplicate = await admin.PostAsync("/api/admin/centre-staff", new { email = existing.Email, password = Callers.Password, universityId });
        await Api.ExpectProblem(duplicate, HttpStatusCode.Conflict, "email_taken");

        var unknown = await Api.ExpectProblem(await admin.PostAsync("/api/admin/centre-staff",
            new { email = Callers.NewEmail(), password = Callers.Password, universityId = Guid.NewGuid() }), HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["universityId"]);

        var invalid = await Api.ExpectProblem(await admin.PostAsync("/api/admin/centre-staff",
            new { email = "not-an-email", password = "", universityId }), HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["email"]);
        Assert.NotNull(invalid["errors"]!["password"]);

        var weak = await Api.ExpectProblem(await admin.PostAsync("/api/admin/centre-staff",
            new { email = Callers.NewEmail(), password = "short", universityId }), HttpStatusCode.BadRequest);
        Assert.NotNull(weak["errors"]!["password"]);

        await Api.ExpectProblem(await admin.PostRawAsync("/api/admin/centre-staff", "{\"email\": 42"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await admin.PostRawAsync("/api/admin/centre-staff", "{\"universityId\": \"nope\"}"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await admin.PostRawAsync("/api/admin/centre-staff", "null"), HttpStatusCode.BadRequest);

        Assert.Equal(users, await CountUsers());
    }

    [Fact]
    public async Task Two_racing_creations_of_one_address_make_one_account()
    {
        var universityId = await app.UniversityIdAsync("南京大学");
        using var admin = await app.AdminAsync();
        var email = Callers.NewEmail("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            admin.PostAsync("/api/admin/centre-staff", new { email, password = Callers.Password, universityId })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDb(db => db.Users.CountAsync(u => u.Email == email)));
    }

    private Task<int> CountUsers() => app.WithDb(db => db.Users.CountAsync());
}
