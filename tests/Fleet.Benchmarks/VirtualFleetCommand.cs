// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Sim.Cli;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Benchmarks;

/// <summary>
/// <c>fleet-bench virtual-fleet [--devices 10000] [--speed 1] [--seconds 240] [--workers 32] [--json]</c>: a real
/// gateway (embedded broker, SQLite) as a child process, N devices provisioned through its API, then N virtual
/// sensors (the device agent over the firmware's detectors and model slots, synthetic frames) run in this process
/// against it. Prints provisioning time and rate, wakes, uplinks acknowledged, the most sensors awake at once, and
/// memory per virtual sensor (this process's working set / N after the run, and above its figure before the
/// sensors were created). Sleepy sensors hold no connection between wakes.
/// </summary>
public static class VirtualFleetCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int devices = 10_000, workers = 32;
        // Speed 1 with the 300 s wake interval: 10,000 sensors wake ~33 times a second, what the gateway and the
        // simulator keep up with on a 2-core machine; faster clocks queue wakes behind the workers.
        double speed = 1, seconds = 240;
        bool json = false;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--devices": devices = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--speed": speed = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--workers": workers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--json": json = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (devices < 1 || speed < 1 || seconds <= 0 || workers < 1)
            {
                throw new ArgumentException("--devices ≥ 1, --speed ≥ 1, --seconds > 0, --workers ≥ 1");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        int port = MosquittoProcess.FreePort();
        using GatewayChild gateway = await GatewayChild.StartEmbeddedAsync(port, cancel.Token);
        await Console.Error.WriteLineAsync($"gateway (embedded broker, SQLite) pid {gateway.ProcessId} on {port}; provisioning {devices} devices");
        string[] ids = Enumerable.Range(0, devices).Select(i => $"vs-{i.ToString("D5", CultureInfo.InvariantCulture)}").ToArray();
        var watch = Stopwatch.StartNew();
        IReadOnlyDictionary<string, string> secrets = await gateway.ProvisionWithSecretsAsync(ids, cancel.Token);
        double provisionS = watch.Elapsed.TotalSeconds;
        await Console.Error.WriteLineAsync($"provisioned in {provisionS:F1} s ({devices / provisionS:F0} devices/s through POST /api/devices)");
        var identities = ids.Select((id, i) => new VirtualSensorIdentity(id, secrets[id],
            i % 5 == 0 ? DetectorKind.ThermalPerson : DetectorKind.Face)).ToArray();
        long created = 0;
        var run = new FleetRun
        {
            Gateway = $"127.0.0.1:{port}",
            Identities = identities,
            Speed = speed,
            Duration = TimeSpan.FromSeconds(seconds),
            Frames = "synthetic",
            Workers = workers,
            Seed = 7,
            OnSensorsCreated = ws => created = ws,
        };
        FleetSummary summary = await run.ExecuteAsync(Console.Error, NullLogger.Instance, cancel.Token);
        var report = new VirtualFleetReport(summary, provisionS, devices / provisionS, created,
            ProcessMemory.Read(gateway.ProcessId) is var m ? $"resident {m.ResidentMiB:F0} MiB, peak {m.PeakResidentMiB:F0} MiB" : "", Environment.ProcessorCount);
        await Console.Out.WriteLineAsync(json
            ? JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true })
            : $"""
              fleet-bench virtual-fleet --devices {devices} --speed {speed} --seconds {seconds} --workers {workers} ({Environment.ProcessorCount} cores)
              provisioning: {provisionS:F1} s, {report.ProvisionPerSecond:F0} devices/s
              {summary.ToText()}
              working set right after creating the sensors: {created / 1048576.0:F1} MiB
              gateway process: {report.GatewayMemory}
              """);
        return 0;
    }

    private sealed record VirtualFleetReport(FleetSummary Fleet, double ProvisionS, double ProvisionPerSecond,
        long WorkingSetAfterCreateBytes, string GatewayMemory, int Cores);
}
