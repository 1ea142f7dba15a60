// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>
/// The Prometheus rules and the Grafana dashboard in infra/ query metrics by name; a renamed instrument would leave
/// them silently empty. Every fleet_gateway_* name they use must be one the gateway really exports: its instruments
/// (seen by a <see cref="MeterListener"/>) named the way the Prometheus exporter names them, and that naming is
/// itself checked against a live /metrics page after a stored uplink.
/// </summary>
public sealed partial class InfraFilesTests
{
    private static string InfraDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    return Path.Combine(dir.FullName, "infra");
                }
            }

            throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
        }
    }

    [Fact]
    public async Task InfraQueries_UseMetricNamesTheGatewayExports()
    {
        var instruments = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == GatewayTelemetry.MeterName)
            {
                instruments[PrometheusName(instrument)] = 0;
            }
        };
        listener.Start();

        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, "--Telemetry:Exporter=prometheus");
        var secrets = await gateway.ProvisionAsync("infra-cam-1");
        await using (var device = await gateway.ConnectDeviceAsync("infra-cam-1", secrets["infra-cam-1"]))
        {
            var result = await device.PublishAsync(Topics.For("infra-cam-1", MessageType.Telemetry),
                Payloads.Encode(Payloads.Telemetry("infra-cam-1", 1)));
            Assert.True(result.IsSuccess);
        }

        await Eventually.UntilAsync(async () => (await gateway.GetStatsAsync()).Accepted >= 1, "the telemetry stored");
        var page = await gateway.Http.GetStringAsync("/metrics");
        var exported = SampleName().Matches(page).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        // The naming rule, on instruments that have something to export by now.
        Assert.Contains("fleet_gateway_uplink_accepted_total", exported);
        Assert.Contains("fleet_gateway_devices", exported);
        Assert.Contains("fleet_gateway_ingest_queue_depth", exported);
        var derived = instruments.Keys.ToHashSet(StringComparer.Ordinal);
        Assert.All(exported.Where(n => n.StartsWith("fleet_gateway_", StringComparison.Ordinal)),
            n => Assert.Contains(n, derived));

        var files = Directory.GetFiles(Path.Combine(InfraDirectory, "prometheus"), "*.yml")
            .Concat(Directory.GetFiles(Path.Combine(InfraDirectory, "grafana"), "*.json"))
            .Where(f => !f.EndsWith(".test.yml", StringComparison.Ordinal));
        var used = files.SelectMany(f => FleetName().Matches(File.ReadAllText(f))
            .Select(m => (File: Path.GetFileName(f), Name: m.Value))).ToList();
        Assert.NotEmpty(used);
        var unknown = used.Where(u => !derived.Contains(u.Name)).Select(u => $"{u.File}: {u.Name}").Distinct().ToList();
        Assert.True(unknown.Count == 0, $"metric names no gateway instrument exports: {string.Join(", ", unknown)}; "
            + $"known: {string.Join(", ", derived.Order())}");
    }

    /// <summary>
    /// OpenTelemetry's Prometheus exporter: dots to underscores, unit annotations in braces dropped, a unit suffix
    /// for real units unless the name already ends with it (fleet.gateway.rollout.bytes in By is
    /// fleet_gateway_rollout_bytes_total), <c>_total</c> for counters.
    /// </summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        var unit = instrument.Unit ?? "";
        var suffix = unit switch
        {
            "" or ['{', .., '}'] => "",
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "%" => "_percent",
            _ => "_" + unit,
        };
        if (!name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        var isCounter = instrument.GetType().IsGenericType
            && instrument.GetType().GetGenericTypeDefinition() is var t
            && (t == typeof(Counter<>) || t == typeof(ObservableCounter<>));
        return isCounter ? name + "_total" : name;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{| )", RegexOptions.Multiline)]
    private static partial Regex SampleName();

    [GeneratedRegex(@"\bfleet_gateway_[a-z0-9_]+")]
    private static partial Regex FleetName();
}
