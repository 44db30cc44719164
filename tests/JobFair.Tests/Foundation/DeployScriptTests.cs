using System.Globalization;
using System.Net;
using System.Net.Sockets;
using JobFair.Tests.Support;

namespace JobFair.Tests.Foundation;

/// <summary>What deploy/lib/common.sh and cluster.sh decide about ports, checked by sourcing them as the scripts do.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DeployScriptTests
{
    [Fact]
    public async Task Every_private_service_listens_outside_the_ephemeral_range_and_each_port_can_be_moved()
    {
        const string ports = """echo "$PG_PORT $RABBIT_PORT $RABBIT_DIST_PORT $EPMD_PORT $NGINX_PORT ${NODE_PORTS[*]}" """;
        var (code, output) = await ServerProcess.ScriptAsync(ports);
        Assert.True(code == 0, output);
        var defaults = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(7, defaults.Count);
        Assert.Equal(defaults.Count, defaults.Distinct().Count());
        // The kernel hands ports of this range to outgoing connections (32768-60999 unless changed).
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.All(defaults, p => Assert.True(p < Math.Min(range[0], 32768) || p > Math.Max(range[1], 60999), $"port {p} is in the ephemeral range"));

        var moved = await ServerProcess.ScriptAsync(ports, new Dictionary<string, string>
        {
            ["JOBFAIR_PG_PORT"] = "1001", ["JOBFAIR_RABBIT_PORT"] = "1002", ["JOBFAIR_RABBIT_DIST_PORT"] = "1003",
            ["JOBFAIR_EPMD_PORT"] = "1004", ["JOBFAIR_NGINX_PORT"] = "1005", ["JOBFAIR_NODE_PORTS"] = "1006,1007",
        });
        Assert.Equal("1001 1002 1003 1004 1005 1006 1007", moved.Output.Trim());
    }

    [Fact]
    public async Task A_busy_port_stops_the_script_naming_the_port_the_process_and_the_setting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (code, output) = await ServerProcess.ScriptAsync($"ensure_port_free {port} PostgreSQL JOBFAIR_PG_PORT; echo started");

        Assert.NotEqual(0, code);
        Assert.DoesNotContain("started", output, StringComparison.Ordinal);
        Assert.Contains($"port {port}", output, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", output, StringComparison.Ordinal);
        Assert.Contains("JOBFAIR_PG_PORT", output, StringComparison.Ordinal);

        holder.Stop();
        var free = await ServerProcess.ScriptAsync($"ensure_port_free {port} PostgreSQL JOBFAIR_PG_PORT >/dev/null; echo started");
        Assert.Equal((0, "started"), (free.ExitCode, free.Output.Trim()));
    }

    [Fact]
    public void Run_sh_prints_every_demo_account_one_of_each_role()
    {
        var script = File.ReadAllText(Path.Combine(ServerProcess.Repository, "deploy", "run.sh"));
        var accounts = typeof(JobFair.Server.Features.Demo.DemoWorld.Accounts).GetFields()
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Contains("counsellor@demo.jobfair.local", accounts);
        Assert.All(accounts, email => Assert.Contains(email, script, StringComparison.Ordinal));
    }
}
