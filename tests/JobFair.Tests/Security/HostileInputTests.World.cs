using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFair.Tests.Guidance;
using JobFair.Tests.Support;

namespace JobFair.Tests.Security;

/// <summary>The world the hostile requests land in, and the plausible requests they are made from.</summary>
public sealed partial class HostileInputTests
{
    private sealed record World(IReadOnlyList<(string Name, Api Api)> Callers, IReadOnlyDictionary<string, string> Ids,
        string StudentNo, string RefreshToken);

    private async Task<World> WorldAsync()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var application = await student.AppliedAsync(scene, resume);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(30), 4));
        var invitee = await app.InviteeAsync(scene, "李四");
        var booking = (string)(await invitee.BookedAsync(slots[0]))["id"]!;
        var (pairId, _, _) = await app.FirstPairAsync();
        // A roster row nobody has claimed yet, for the plain user's claim.
        var studentNo = StudentWorld.NewStudentNo();
        await Api.Expect(await scene.Host.ImportRosterAsync(scene.SupportedId,
            $"{StudentWorld.RosterHeader}\n{studentNo},王五,计算机科学与技术,bachelor,2020\n"), HttpStatusCode.OK);
        var notification = (await invitee.Student.GetJsonAsync("/api/me/notifications")).Items().Select(n => (string?)n!["id"]).FirstOrDefault();
        var user = await app.RegisterAsync();
        // A counsellor of the supported university following one graduate (the applicant) with one
        // open action, and the partner's counsellor, so that the ledger's routes have someone to act on.
        var (counsellor, counsellorId) = await app.CounsellorAsync(scene.Host, scene.SupportedId);
        var (_, partnerCounsellorId) = await app.CounsellorAsync(await app.CentreAsync(scene.SupportingId), scene.SupportingId, "王老师");
        var graduate = (await app.ApplicantAsync(scene, "钱七")).StudentId;
        await Api.Expect(await scene.Host.PostAsync($"/api/counsellors/{counsellorId}/students", new { studentId = graduate }), HttpStatusCode.Created);
        var action = await counsellor.AddActionAsync(graduate, DateTimeOffset.UtcNow.AddDays(3));
        // The employer's booth takes walk-ups, so that joining its line can succeed.
        await Api.Expect(await scene.Recruiter.Http.PutAsJsonAsync(new Uri($"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}", UriKind.Relative),
            new { open = true }), HttpStatusCode.OK);

        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // A route's {id} by the segment before it; other route values and body fields by their name.
            ["fairs"] = scene.FairId.ToString(), ["positions"] = scene.PositionId.ToString(), ["employers"] = scene.EmployerId.ToString(),
            ["bookings"] = booking, ["slots"] = slots[1].ToString(), ["applications"] = application.ToString(), ["pairs"] = pairId.ToString(),
            ["universities"] = scene.SupportedId.ToString(), ["resumes"] = resume.ToString(),
            ["notifications"] = notification ?? Guid.NewGuid().ToString(), ["code"] = "no-such-invitation",
            ["employerId"] = scene.EmployerId.ToString(), ["fairId"] = scene.FairId.ToString(), ["positionId"] = scene.PositionId.ToString(),
            ["universityId"] = scene.SupportedId.ToString(), ["pairId"] = pairId.ToString(), ["resumeId"] = resume.ToString(),
            ["applicationId"] = invitee.ApplicationId.ToString(), ["slotId"] = slots[2].ToString(),
            ["students"] = graduate.ToString(), ["studentId"] = graduate.ToString(), ["counsellors"] = counsellorId.ToString(),
            ["actionId"] = action.ToString(), ["supportedCounsellorId"] = counsellorId.ToString(),
            ["supportingCounsellorId"] = partnerCounsellorId.ToString(),
        };
        return new World(
            [("admin", await app.AdminAsync()), ("centre", scene.Host), ("recruiter", scene.Recruiter), ("student", student),
             ("invitee", invitee.Student), ("counsellor", counsellor), ("user", user), ("anonymous", app.Anonymous())],
            ids, studentNo, user.RefreshToken!);
    }

    /// <summary>The route with its values filled in (one of them replaced, when asked), and one query parameter.</summary>
    private static string Url(Operation operation, World world, (string Name, string Value)? replaced, (string Name, string Value)? query)
    {
        var segments = operation.Route.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (RouteValue().Match(segments[i]) is not { Success: true } m) continue;
            var name = m.Groups[1].Value;
            segments[i] = replaced?.Name == name ? replaced.Value.Value
                : world.Ids.TryGetValue(name == "id" ? segments[i - 1] : name, out var id) ? id : Guid.NewGuid().ToString();
        }
        return string.Join('/', segments) + (query is { } q ? $"?{q.Name}={q.Value}" : "");
    }

    [GeneratedRegex(@"^\{([^}:?]+)[^}]*\}$")]
    private static partial Regex RouteValue();

    /// <summary>
    /// A body the route would plausibly accept: fields that must hold a value, and every field whose
    /// name says what it should hold. Nullable groups nobody names (a list of explicit slots beside
    /// the slot generator) stay out, so that the body is one valid shape.
    /// </summary>
    private static JsonObject? Baseline(Operation operation, World world)
    {
        if (operation.Body is null) return null;
        var body = new JsonObject();
        var left = new List<string[]>();
        foreach (var field in operation.BodyFields)
        {
            if (left.Any(prefix => field.Path.Take(prefix.Length).SequenceEqual(prefix))) continue;
            if (field.Type == "object" || field.ItemType == "object")
            {
                if (!(field.Required && !field.Nullable) && Good(field, world) is null) { left.Add(field.Path); continue; }
                Write(body, field.Path, field.Type == "object" ? new JsonObject() : new JsonArray(new JsonObject()));
                continue;
            }
            if (Good(field, world) is { } good) Write(body, field.Path, good);
            else if (field.Required && !field.Nullable) Write(body, field.Path, Default(field));
        }
        return body;
    }

    private static JsonNode? Good(Field field, World world)
    {
        var now = DateTimeOffset.UtcNow;
        var slotStart = InterviewWorld.HoursAhead(50);
        if (field.Format == "uuid" && world.Ids.TryGetValue(field.Name, out var id)) return id;
        return field.Name.ToLowerInvariant() switch
        {
            "email" or "newemail" => Callers.NewEmail("hostile"),
            "password" or "newpassword" or "oldpassword" => Callers.Password,
            "timezone" => "Asia/Tokyo",
            "title" => "测试标题",
            "description" => "第一行\n第二行",
            "name" => "王五",
            "creditcode" => FairWorld.NewCreditCode(),
            "industry" => "软件和信息技术服务业",
            "city" => "武汉",
            "size" => "100-499人",
            "message" or "reason" or "note" => "好的",
            "approve" => true,
            "majors" => new JsonArray("计算机科学与技术"),
            "major" => "计算机科学与技术",
            "degree" => "bachelor",
            "openings" => 2,
            "salarymin" => 8000,
            "salarymax" => 12000,
            "fairids" => new JsonArray(world.Ids["fairId"]),
            "kind" => "meeting",
            "heldat" => Time(now.AddDays(-1)),
            "participants" => 20,
            "studentno" => world.StudentNo,
            "graduationyear" => 2020,
            "phone" => "13800138000",
            "status" => "viewed",
            "outcome" => "completed",
            "refreshtoken" => world.RefreshToken,
            "startsat" => Time(now.AddDays(2)),
            "endsat" => Time(now.AddDays(4)),
            "closesat" => Time(now.AddDays(10)),
            "from" => Time(slotStart),
            "to" => Time(slotStart.AddHours(2)),
            "minutes" => 30,
            "gapminutes" => 0,
            "capacity" => 1,
            "open" => true,
            "muted" => false,
            "keygroups" => new JsonArray("hubei_origin"),
            "text" or "summary" or "advice" => "推荐三家对口企业",
            "dueat" or "at" => Time(now.AddDays(1)),
            _ => null,
        };
    }

    private static JsonNode Default(Field field) => (field.Type, field.Format) switch
    {
        ("string", "uuid") => Guid.NewGuid().ToString(),
        ("string", "date-time") => Time(DateTimeOffset.UtcNow.AddDays(1)),
        ("string", _) => "测试",
        ("integer" or "number", _) => 1,
        ("boolean", _) => true,
        ("array", _) => new JsonArray(),
        _ => new JsonObject(),
    };

    /// <summary>One element of an array field, as JSON.</summary>
    private static string ItemJson(Field field) => (field.ItemType, field.ItemFormat) switch
    {
        ("string", "uuid") => $"\"{Guid.NewGuid()}\"",
        ("string", _) => "\"计算机\"",
        ("integer" or "number", _) => "1",
        ("boolean", _) => "true",
        _ => "{}",
    };

    private static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The body with the field at <paramref name="path"/> set to raw JSON (which may be no valid value at all).</summary>
    private static string WithValue(JsonObject baseline, string[] path, string json)
    {
        var body = baseline.DeepClone().AsObject();
        const string marker = "\"__hostile__\"";
        Write(body, path, JsonValue.Create("__hostile__"));
        return body.ToJsonString().Replace(marker, json, StringComparison.Ordinal);
    }

    private static JsonNode? Read(JsonNode? node, string[] path)
    {
        foreach (var segment in path)
            node = node switch
            {
                JsonArray array => int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < array.Count ? array[i] : null,
                JsonObject obj => obj[segment],
                _ => null,
            };
        return node;
    }

    /// <summary>Sets the value at the path, making the objects and arrays on the way.</summary>
    private static void Write(JsonObject body, string[] path, JsonNode? value)
    {
        JsonNode container = body;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var nextIsIndex = path[i + 1] == "0";
            JsonNode? next = Read(container, [path[i]]);
            if (next is null || (nextIsIndex ? next is not JsonArray : next is not JsonObject))
            {
                next = nextIsIndex ? new JsonArray() : new JsonObject();
                Set(container, path[i], next);
            }
            container = next;
        }
        Set(container, path[^1], value);
    }

    private static void Set(JsonNode container, string segment, JsonNode? value)
    {
        if (container is JsonArray array)
        {
            if (array.Count == 0) array.Add(value);
            else array[0] = value;
        }
        else container[segment] = value;
    }
}
