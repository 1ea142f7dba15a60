// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fleet.Benchmarks;

/// <summary>The figures of one run, as text or JSON.</summary>
public sealed record IngestReport(
    IngestSettings Settings,
    PhaseFigures Raw,
    PhaseFigures Gateway,
    ProcessMemory GatewayIdle,
    ProcessMemory GatewayUnderLoad,
    ProcessMemory GatewayAfterDrain,
    ProcessMemory Broker,
    int Cores,
    string LoadAverage)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Gateway durable msg/s over raw Mosquitto fan-in msg/s, same load, same run.</summary>
    public double Ratio => Gateway.MessagesPerSecond / Raw.MessagesPerSecond;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var rate = Settings.Rate is { } r ? r.ToString("0", c) + " msg/s" : $"saturated (window {Settings.Window}/device)";
        text.AppendLine(c, $"ingest: {Settings.Devices} devices, {rate}, {Settings.Seconds} s, QoS 1; {Cores} cores, load {LoadAverage}");
        foreach (var phase in (PhaseFigures[])[Raw, Gateway])
        {
            text.AppendLine(c, $"  {phase.Name}: sent {phase.Load.Attempted}, PUBACKed {phase.Load.Acked}, "
                + $"delivered {phase.Delivered}; {phase.MessagesPerSecond:0} msg/s; latency p50 {phase.Latency.P50Ms:0.00} ms, "
                + $"p99 {phase.Latency.P99Ms:0.00} ms, max {phase.Latency.MaxMs:0.0} ms; after {IngestBenchmark.WarmUp.TotalSeconds:0} s: "
                + $"p50 {phase.SteadyLatency.P50Ms:0.00} ms, p99 {phase.SteadyLatency.P99Ms:0.00} ms");
        }

        text.AppendLine(c, $"  ratio gateway / mosquitto: {Ratio:0.00}");
        text.AppendLine(c, $"  gateway RSS: idle {GatewayIdle.ResidentMiB:0} MiB, end of load {GatewayUnderLoad.ResidentMiB:0} MiB, "
            + $"after drain {GatewayAfterDrain.ResidentMiB:0} MiB, peak {GatewayAfterDrain.PeakResidentMiB:0} MiB; "
            + $"mosquitto after phase 1 {Broker.ResidentMiB:0} MiB");
        return text.ToString();
    }
}
