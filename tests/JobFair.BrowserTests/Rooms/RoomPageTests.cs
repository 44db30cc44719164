using System.Diagnostics;
using System.Text.Json;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Rooms;

/// <summary>
/// The server with the scripts' own coturn (deploy/lib/turn.sh, started as deploy/run.sh starts it,
/// with its data in a folder of the test) and a Chromium of its own whose camera and microphone are
/// Chromium's fake devices (a test pattern and a beep), granted without asking.
/// </summary>
public sealed class RoomWebApp : WebApp
{
    // Ports of their own, so that a developer's deploy/run.sh coturn (25478) may keep running.
    private static readonly string TurnPort = Environment.GetEnvironmentVariable("JOBFAIR_TEST_TURN_PORT") ?? "25470";
    private static readonly string RelayPorts = Environment.GetEnvironmentVariable("JOBFAIR_TEST_TURN_RELAY_PORTS") ?? "25460-25469";

    // One folder per port: a fixture that starts coturn first stops one that an earlier run left behind.
    private readonly string _data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "jobfair-turn-" + TurnPort)).FullName;
    private readonly Dictionary<string, string?> _turn = [];
    private IPlaywright? _playwright;
    private bool _disposed;

    public IBrowser Browser { get; private set; } = default!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => _turn;

    public override async Task InitializeAsync()
    {
        var (code, output, errors) = await TurnScriptAsync("""
            turn_start >&2
            printf '%s\n' "$JOBFAIR_STUN_URLS" "$JOBFAIR_TURN_URLS" "$JOBFAIR_TURN_SECRET_FILE"
            """);
        if (code != 0) throw new InvalidOperationException("turn_start failed:\n" + output + errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        _turn["JOBFAIR_STUN_URLS"] = lines[^3];
        _turn["JOBFAIR_TURN_URLS"] = lines[^2];
        _turn["JOBFAIR_TURN_SECRET_FILE"] = lines[^1];

        try
        {
            await StartBrowserAndServerAsync();
        }
        catch
        {
            await TurnScriptAsync("turn_stop"); // xunit does not dispose a fixture that failed to start
            throw;
        }
    }

    private async Task StartBrowserAndServerAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browsers.Chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // The fake camera at 10 frames a second (30 by default): each peer encodes what it sends, and
                // the two cores that run the whole suite need not spend that on frames nobody looks at.
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream=fps=10", "--autoplay-policy=no-user-gesture-required",
                // Chromium hides local addresses behind mDNS names, which do not resolve here, and
                // keeps WebRTC off loopback unless told: both peers and coturn are on 127.0.0.1.
                "--disable-features=WebRtcHideLocalIpsWithMdns", "--allow-loopback-in-peer-connection",
            ],
        });
        await base.InitializeAsync();
    }

    /// <summary>
    /// The end of the fixture (WebApplicationFactory's disposal ends here, after the server stopped):
    /// the browser, the scripts' coturn, its folder.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            TurnScriptAsync("turn_stop").GetAwaiter().GetResult();
            Browser?.CloseAsync().GetAwaiter().GetResult();
            _playwright?.Dispose();
            Directory.Delete(_data, recursive: true);
        }
        base.Dispose(disposing);
    }

    /// <summary>Runs deploy/lib/turn.sh's functions as the scripts do, on this fixture's data folder and ports.</summary>
    private async Task<(int Code, string Output, string Errors)> TurnScriptAsync(string snippet)
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "JobFair.sln"))) repository = repository.Parent!;
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail; source deploy/lib/common.sh; source deploy/lib/turn.sh; " + snippet])
        {
            WorkingDirectory = repository.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["JOBFAIR_DATA"] = _data, ["JOBFAIR_TURN_PORT"] = TurnPort, ["JOBFAIR_TURN_RELAY_PORTS"] = RelayPorts,
                ["JOBFAIR_TURN_HOST"] = "127.0.0.1",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>
/// The video-interview room (issue 14) in two browsers: the student on a phone, the recruiter on a
/// laptop, each with Chromium's fake camera and microphone. What the people would check: they see
/// each other (the connection is up and video frames arrive and are decoded on both sides), through
/// TURN when nothing else is allowed, again after one leaves and comes back, the chat, and that nobody
/// else gets in.
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class RoomPageTests(RoomWebApp app) : IClassFixture<RoomWebApp>
{
    /// <summary>Keeps every RTCPeerConnection the page makes where the test can ask it for stats; with <c>relay</c>, TURN only.</summary>
    private static string Spy(bool relayOnly) => $$"""
        (() => {
          const Native = window.RTCPeerConnection;
          window.__peers = [];
          window.RTCPeerConnection = class extends Native {
            constructor(config = {}) {
              super({{(relayOnly ? "{ ...config, iceTransportPolicy: \"relay\" }" : "config")}});
              window.__peers.push(this);
            }
          };
        })();
        """;

    /// <summary>The page's live connection: its state, inbound video so far, and the selected candidate pair's types.</summary>
    private const string Stats = """
        async () => {
          const pc = (window.__peers ?? []).filter((p) => p.connectionState !== "closed").at(-1);
          if (!pc) return { state: "none", bytes: 0, frames: 0, local: "", remote: "" };
          const stats = [...(await pc.getStats()).values()];
          const video = stats.find((s) => s.type === "inbound-rtp" && s.kind === "video");
          const transport = stats.find((s) => s.type === "transport");
          const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
          const type = (id) => stats.find((s) => s.id === id)?.candidateType ?? "";
          return { state: pc.connectionState, bytes: video?.bytesReceived ?? 0, frames: video?.framesDecoded ?? 0,
                   local: type(pair?.localCandidateId), remote: type(pair?.remoteCandidateId) };
        }
        """;

    internal sealed record Flow(string State, long Bytes, long Frames, string Local, string Remote);

    private static async Task<Flow> FlowAsync(Visitor visitor)
    {
        var json = await visitor.Page.EvaluateAsync<JsonElement>(Stats);
        return new Flow(json.GetProperty("state").GetString()!, json.GetProperty("bytes").GetInt64(), json.GetProperty("frames").GetInt64(),
            json.GetProperty("local").GetString()!, json.GetProperty("remote").GetString()!);
    }

    /// <summary>The call is up on this side and the other side's video keeps arriving and being decoded.</summary>
    internal static async Task<Flow> SeesTheOtherSideAsync(Visitor visitor)
    {
        await Assertions.Expect(visitor.Page.Locator("[data-call]")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 45_000 });
        await Assertions.Expect(visitor.Page.GetByTestId("room-status")).ToHaveTextAsync("视频已接通。");
        Flow first = await FlowAsync(visitor), later = first;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(later.Frames > first.Frames + 5 && later.Bytes > first.Bytes))
        {
            Assert.True(DateTime.UtcNow < deadline, $"inbound video did not rise in 30 s: from {first} to {later}");
            await Task.Delay(250);
            later = await FlowAsync(visitor);
        }
        Assert.Equal("connected", later.State);
        return later;
    }

    /// <summary>A booking whose room is open now (it starts in about six minutes), and its two sides at their browsers on its page.</summary>
    internal static async Task<(Visitor Student, Visitor Recruiter, Guid RoomId, Account RecruiterAccount)> BothAtTheRoomAsync(RoomWebApp app,
        bool relayOnly = false)
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(0.1), 1));
        var invitee = await app.InviteeAsync(scene, "视频面试生");
        var roomId = Guid.Parse((string)(await invitee.BookedAsync(slots[0]))["id"]!);
        var student = await Visitor.OpenAsync(app.Browser, app, Screen.Phone);
        var recruiter = await Visitor.OpenAsync(app.Browser, app, Screen.Desktop);
        foreach (var (visitor, api) in new[] { (student, invitee.Student), (recruiter, scene.Recruiter) })
        {
            await visitor.Page.AddInitScriptAsync(Spy(relayOnly));
            await visitor.SignInAsync(new Account(api.Email!));
            await visitor.GoToAsync($"/rooms/{roomId}");
        }
        return (student, recruiter, roomId, new Account(scene.Recruiter.Email!));
    }

    internal static ILocator JoinButton(Visitor visitor) => visitor.Page.GetByRole(AriaRole.Button, new() { Name = "加入", Exact = true });

    [Fact]
    public async Task The_two_sides_see_each_other_chat_live_and_meet_again_after_one_leaves()
    {
        var (student, recruiter, roomId, _) = await BothAtTheRoomAsync(app);
        await using var s = student;
        await using var r = recruiter;

        // The waiting room says live who is there.
        await Assertions.Expect(recruiter.Page.GetByTestId("room-presence")).ToHaveTextAsync("对方还没有进入面试间。");
        await Assertions.Expect(student.Page.GetByTestId("room-time-left")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^3\d:\d\d$"));
        await JoinButton(student).ClickAsync();
        await Assertions.Expect(student.Page.GetByTestId("room-status")).ToHaveTextAsync("你已加入，正在等待对方进入…");
        await Assertions.Expect(recruiter.Page.GetByTestId("room-presence")).ToHaveTextAsync("对方已进入面试间。");
        await JoinButton(recruiter).ClickAsync();

        var studentSees = await SeesTheOtherSideAsync(student);
        await SeesTheOtherSideAsync(recruiter);
        Assert.Equal("host", studentSees.Local); // on one machine nothing needs a relay

        // The chat, live on both sides, kept with the booking.
        await student.Page.GetByLabel("消息", new() { Exact = true }).FillAsync("您好，我这边画面和声音都正常。");
        await student.Page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("room-chat")).ToContainTextAsync("您好，我这边画面和声音都正常。");
        await Assertions.Expect(student.Page.GetByTestId("room-chat").Locator(".chat__line--mine")).ToContainTextAsync("视频面试生");

        // Mute and camera off say so on their buttons.
        await student.Page.GetByRole(AriaRole.Button, new() { Name = "静音" }).ClickAsync();
        await Assertions.Expect(student.Page.GetByRole(AriaRole.Button, new() { Name = "取消静音" })).ToHaveAttributeAsync("aria-pressed", "true");

        await student.ScreenshotAsync("room-call-phone");
        await recruiter.ScreenshotAsync("room-call-desktop");
        await student.AssertPageHealthyAsync();
        await recruiter.AssertPageHealthyAsync();

        // The student leaves: the recruiter is told, and the student comes back into a working call.
        await student.Page.GetByRole(AriaRole.Button, new() { Name = "离开" }).ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("room-status")).ToHaveTextAsync(
            "对方已离开或网络中断。面试结束前对方可以随时重新加入，请稍候。");
        await JoinButton(student).ClickAsync();
        await SeesTheOtherSideAsync(student);
        await SeesTheOtherSideAsync(recruiter);
        await student.AssertPageHealthyAsync();

        // The chat is kept: the page, loaded afresh, shows it from the server.
        await recruiter.GoToAsync($"/rooms/{roomId}");
        await Assertions.Expect(recruiter.Page.GetByTestId("room-chat")).ToContainTextAsync("您好，我这边画面和声音都正常。");
    }

    [Fact]
    public async Task Nobody_else_gets_in_and_a_refused_camera_is_explained()
    {
        var (student, recruiter, roomId, recruiterAccount) = await BothAtTheRoomAsync(app);
        await using var _s = student;
        await using var _r = recruiter;

        // A student of another booking: the same 404 as the API; nobody signed in: the sign-in page.
        var otherScene = await app.FairSceneAsync(startHours: -1);
        var outsider = await app.InviteeAsync(otherScene, "别的学生");
        await using (var stranger = await Visitor.OpenAsync(app.Browser, app, Screen.Phone))
        {
            await stranger.SignInAsync(new Account(outsider.Student.Email!));
            Assert.Equal(404, (await stranger.GoToAsync($"/rooms/{roomId}")).Status);
            await Assertions.Expect(stranger.Page.GetByRole(AriaRole.Button, new() { Name = "加入" })).ToHaveCountAsync(0);
        }
        await using (var nobody = await Visitor.OpenAsync(app.Browser, app, Screen.Phone))
        {
            await nobody.GoToAsync($"/rooms/{roomId}");
            Assert.StartsWith("/login", nobody.Path, StringComparison.Ordinal);
        }

        // The recruiter's browser refuses the camera: the page says why and how to fix it, in Chinese, and the room still works.
        await using var denied = await Visitor.OpenAsync(app.Browser, app, Screen.Phone);
        await denied.Page.AddInitScriptAsync(Spy(relayOnly: false));
        await denied.Page.AddInitScriptAsync("""
            navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
            """);
        await denied.SignInAsync(recruiterAccount);
        await denied.GoToAsync($"/rooms/{roomId}");
        var problem = denied.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "权限" });
        await Assertions.Expect(problem).ToContainTextAsync("浏览器没有获得摄像头和麦克风的使用权限");
        await Assertions.Expect(problem).ToContainTextAsync("没有摄像头和麦克风也可以加入");
        await JoinButton(denied).ClickAsync();
        await Assertions.Expect(denied.Page.GetByTestId("room-status")).ToHaveTextAsync("你已加入，正在等待对方进入…");
        // Without a camera of its own, it still sees and hears the student.
        await JoinButton(student).ClickAsync();
        await SeesTheOtherSideAsync(denied);
        await denied.ScreenshotAsync("room-camera-refused-phone");
        await denied.AssertPageHealthyAsync();
    }
}

/// <summary>
/// The room when browsers may only meet through TURN: a class of its own, so that its coturn has all
/// its relay ports free (the direct calls of the other class take relay allocations too).
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class RoomRelayTests(RoomWebApp app) : IClassFixture<RoomWebApp>
{
    [Fact]
    public async Task With_only_TURN_allowed_the_call_goes_through_the_scripts_coturn()
    {
        var (student, recruiter, _, _) = await RoomPageTests.BothAtTheRoomAsync(app, relayOnly: true);
        await using var _s = student;
        await using var _r = recruiter;
        await RoomPageTests.JoinButton(recruiter).ClickAsync();
        await RoomPageTests.JoinButton(student).ClickAsync();

        foreach (var side in new[] { student, recruiter })
        {
            var flow = await RoomPageTests.SeesTheOtherSideAsync(side);
            Assert.Equal(("relay", "relay"), (flow.Local, flow.Remote));
        }
        await recruiter.AssertPageHealthyAsync();
    }
}
