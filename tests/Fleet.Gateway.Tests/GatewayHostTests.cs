// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.Json;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests;

public sealed class GatewayHostTests
{
    [Fact]
    public void WriteHelp_Always_ListsSwitchesKeysAndDefaults()
    {
        using var output = new StringWriter();

        GatewayCommandLine.WriteHelp(output);

        var text = output.ToString();
        foreach (var expected in new[]
                 {
                     "--demo", "--urls", "http://127.0.0.1:5080", "Broker:Host", "Broker:Port", "1883",
                     "Storage:DataDirectory", "fleet-data", "Storage:Provider", "Postgres", "Storage:ConnectionString",
                     "Storage:Retention:RawTelemetry", "30.00:00:00", "Telemetry:Exporter", "prometheus", "Demo:Enabled",
                 })
        {
            Assert.Contains(expected, text);
        }
    }

    [Theory]
    [InlineData("--help", true)]
    [InlineData("-h", true)]
    [InlineData("--demo", false)]
    public void IsHelpRequested_Argument_DetectsHelp(string arg, bool expected) =>
        Assert.Equal(expected, GatewayCommandLine.IsHelpRequested([arg]));

    [Fact]
    public void Normalize_DemoSwitch_BecomesDemoEnabledKey() =>
        Assert.Equal(["--urls", "x", "--Demo:Enabled=true"], GatewayCommandLine.Normalize(["--urls", "x", "--demo"]));

    [Theory]
    [InlineData("--Broker:Port=0")]
    [InlineData("--Broker:Port=70000")]
    [InlineData("--Broker:Host=")]
    [InlineData("--Telemetry:Exporter=zipkin")]
    [InlineData("--Storage:DataDirectory=")]
    [InlineData("--Storage:Provider=Oracle")]
    [InlineData("--Storage:Provider=Postgres")]
    [InlineData("--Storage:Retention:RawTelemetry=00:10:00")]
    [InlineData("--Storage:Retention:Detections=00:00:00")]
    [InlineData("--Rollouts:DetectionShift=1")]
    [InlineData("--Rollouts:DetectionShift=1001")]
    [InlineData("--Rollouts:DetectionBaseline=00:10:00")]
    [InlineData("--Rollouts:DetectionMinBaselineWakes=0")]
    public async Task StartAsync_InvalidOption_FailsAtStart(string badOption)
    {
        using var dir = new TempDirectory();
        var app = GatewayHost.Create(
            ["--urls", "http://127.0.0.1:0", $"--Storage:DataDirectory={dir.Path}", badOption],
            b => b.Logging.ClearProviders());
        try
        {
            await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_PrometheusExporter_ExposesRejectionCounterWithReason()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, "--Telemetry:Exporter=prometheus");
        await TestDevice.TryConnectAsync(gateway.MqttPort, "ghost", "ghost", "x");

        var response = await gateway.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("fleet_gateway_uplink_rejected", text);
        Assert.Contains("reason=\"unknown_device\"", text);
    }

    [Fact]
    public async Task StartAsync_DemoSwitch_VirtualSensorsAreProvisionedAndReport()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, "--demo", "--Demo:SensorCount=3",
            "--Demo:WakeInterval=00:00:01");

        await Eventually.UntilAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/devices"));
            var devices = doc.RootElement.EnumerateArray().ToArray();
            return devices.Length == 3
                && devices.All(d => d.GetProperty("lastSeen").ValueKind == JsonValueKind.String
                                    && d.GetProperty("batteryMv").ValueKind == JsonValueKind.Number);
        }, "3 demo sensors reported telemetry", TimeSpan.FromSeconds(60));

        using var list = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/devices"));
        Assert.Equal(["demo-cam-01", "demo-cam-02", "demo-thermal-01"],
            list.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var stats = await gateway.GetStatsAsync();
        Assert.All(stats.Rejected, r => Assert.Equal(0, r.Value));
    }
}
