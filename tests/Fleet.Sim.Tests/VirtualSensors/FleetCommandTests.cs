// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Sim.Cli;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary><c>fleet-sim fleet</c> end to end against a real broker, and its input checks.</summary>
public sealed class FleetCommandTests : IDisposable
{
    private readonly string _credentials = Path.Combine(Path.GetTempPath(), "sim-fleet-cli-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(_credentials);

    [Fact]
    public async Task Fleet_CredentialsFile_SensorsReportThroughTheAgentAndTheSummaryCountsIt()
    {
        await using RestartableGateway gateway = await RestartableGateway.StartAsync();
        string[] ids = ["cli-cam-1", "cli-cam-2", "cli-thermal-1"];
        foreach (string id in ids)
        {
            gateway.AddDevice(id, "s-" + id);
        }

        await File.WriteAllLinesAsync(_credentials, ["# id,secret,detector", "cli-cam-1,s-cli-cam-1,Face", "cli-cam-2,s-cli-cam-2", "cli-thermal-1,s-cli-thermal-1,ThermalPerson"]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await Task.Run(() => SimCli.Invoke(
            ["fleet", "--gateway", $"127.0.0.1:{gateway.Port}", "--credentials", _credentials, "--duration", "4", "--speed", "100",
             "--wake-interval", "60", "--frames", "synthetic", "--seed", "3", "--faults", "link-loss=0.3", "--json"], stdout, stderr));

        Assert.True(exit == 0, stderr.ToString());
        using JsonDocument summary = JsonDocument.Parse(stdout.ToString());
        JsonElement root = summary.RootElement;
        Assert.Equal(3, root.GetProperty("devices").GetInt32());
        Assert.True(root.GetProperty("wakes").GetInt64() >= 3);
        Assert.True(root.GetProperty("uplinksAcked").GetInt64() > 0);
        Assert.True(root.GetProperty("workingSetPerSensorBytes").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("wakeErrors").GetInt64());
        // Telemetry from every sensor reached the gateway, decoded by the gateway's codec.
        Assert.Empty(gateway.Undecodable);
        Assert.Equal(ids.Order(), gateway.Of<Telemetry>().Select(t => t.DeviceId).Distinct().Order());
        Assert.Contains(gateway.Of<DetectionEvent>(), d => d.DeviceId == "cli-thermal-1" ? d.Detector == DetectorKind.ThermalPerson : d.Detector == DetectorKind.Face);
    }

    [Theory]
    [InlineData("--faults", "link-loss=2", "link-loss")]
    [InlineData("--faults", "meteor=0.1", "known faults")]
    [InlineData("--faults", "broker-outage=10/20", "broker-outage")]
    [InlineData("--duration", "soon", "--duration")]
    [InlineData("--frames", "paintings", "--frames")]
    public async Task Fleet_BadInput_ExitCode2NamesTheProblem(string option, string value, string named)
    {
        await File.WriteAllLinesAsync(_credentials, ["cam,secret"]);
        var stderr = new StringWriter();

        int exit = SimCli.Invoke(["fleet", "--gateway", "127.0.0.1:1", "--credentials", _credentials, option, value], new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.Contains(named, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fleet_NoProvisioningSource_ExitCode2()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, SimCli.Invoke(["fleet", "--gateway", "127.0.0.1:1883", "--devices", "5"], new StringWriter(), stderr));
        Assert.Contains("--api", stderr.ToString(), StringComparison.Ordinal);
    }
}
