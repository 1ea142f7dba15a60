// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Logging;

namespace Fleet.Sim.Cli;

/// <summary>One <c>fleet-sim fleet</c> run: checks its inputs, provisions, runs the sensors for the duration, summarises.</summary>
public sealed class FleetRun
{
    public int Devices { get; init; }
    public required string Gateway { get; init; }
    public double Speed { get; init; } = 60;
    public string? Api { get; init; }
    public string? OperatorKey { get; init; }
    public string? Credentials { get; init; }
    public string? SaveCredentials { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public FaultOptions Faults { get; init; } = new();
    public uint WakeIntervalS { get; init; } = 300;
    public double ThermalShare { get; init; } = 0.2;
    public string Frames { get; init; } = "auto";
    public string? SharedDataDirectory { get; init; }
    public string? TrustedKeyPem { get; init; }
    public int Workers { get; init; } = 32;
    public int Seed { get; init; }
    public string IdPrefix { get; init; } = "sim";

    /// <summary>Identities given by the caller (e.g. a benchmark that provisioned them); skips --api/--credentials.</summary>
    public IReadOnlyList<VirtualSensorIdentity>? Identities { get; init; }

    /// <summary>Called once the sensors are created, before they run, with the process's working set then.</summary>
    public Action<long>? OnSensorsCreated { get; init; }

    public async Task<FleetSummary> ExecuteAsync(TextWriter progress, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        (string host, int port) = ParseGateway(Gateway);
        if (Speed < 1)
        {
            throw new ArgumentException("--speed must be at least 1");
        }

        if (Workers < 1 || ThermalShare is < 0 or > 1 || WakeIntervalS < 10)
        {
            throw new ArgumentException("--workers ≥ 1, --thermal-share 0-1, --wake-interval ≥ 10 s");
        }

        if (Frames is not ("auto" or "synthetic" or "shared"))
        {
            throw new ArgumentException($"--frames '{Frames}': auto, synthetic or shared");
        }

        IReadOnlyList<VirtualSensorIdentity> identities = await IdentitiesAsync(progress, cancellationToken).ConfigureAwait(false);
        if (SaveCredentials is { } save)
        {
            FleetProvisioning.Save(save, identities);
        }

        FrameLibrary frames = Frames switch
        {
            "synthetic" => FrameLibrary.Synthetic(),
            "shared" => FrameLibrary.FromShared(Fleet.Sim.Frames.SharedData.Locate(SharedDataDirectory) ?? throw new DirectoryNotFoundException("no ../shared/data found; give --shared-data")),
            "auto" => Fleet.Sim.Frames.SharedData.Locate(SharedDataDirectory) is { } dir ? FrameLibrary.FromShared(dir) : FrameLibrary.Synthetic(),
            _ => throw new ArgumentException($"--frames '{Frames}': auto, synthetic or shared"),
        };
        using var detectors = new NativeDetectors(frames);
        long baseline = WorkingSet();
        var options = new AgentSensorOptions
        {
            BrokerHost = host,
            BrokerPort = port,
            WakeIntervalS = WakeIntervalS,
            Speed = Speed,
            Faults = Faults,
            TrustedPublicKey = TrustedKeyPem is null ? null : ReadTrustedKey(TrustedKeyPem),
            FlashDirectory = Path.Combine(Path.GetTempPath(), $"fleet-sim-flash-{Environment.ProcessId}"),
        };
        await progress.WriteLineAsync($"{identities.Count} virtual sensors against {host}:{port}, speed x{Speed:G}, frames {frames.Origin}, " +
                                      $"seed {Seed}").ConfigureAwait(false);
        var creating = Stopwatch.StartNew();
        using var runner = new VirtualFleetRunner(identities, options, detectors, TimeProvider.System, Seed, Workers, logger);
        OnSensorsCreated?.Invoke(WorkingSet());
        await progress.WriteLineAsync($"created {identities.Count} sensors (agents, C slots mounted on their flash images) in " +
                                      $"{creating.Elapsed.TotalSeconds:F1} s; working set {WorkingSet() / 1048576.0:F0} MiB").ConfigureAwait(false);
        var started = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(Duration);
        Task run = runner.RunAsync(stop.Token);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            long wakes = runner.Sensors.Sum(s => (long)s.Counters.Wakes);
            long acked = runner.Sensors.Sum(s => (long)s.Counters.UplinksAcked);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{started.Elapsed.TotalSeconds,6:F0} s  wakes {wakes}  uplinks acked {acked}  awake now {runner.AwakeNow} (max {runner.MaxAwake})  " +
                $"working set {WorkingSet() / 1048576.0:F0} MiB")).ConfigureAwait(false);
        }

        await run.ConfigureAwait(false);
        return runner.Summarize(started.Elapsed.TotalSeconds, frames.Origin, baseline);
    }

    internal static (string Host, int Port) ParseGateway(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536
            ? (text[..colon], port)
            : throw new FormatException($"--gateway '{text}': expected HOST:PORT");
    }

    private async Task<IReadOnlyList<VirtualSensorIdentity>> IdentitiesAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        if (Identities is { Count: > 0 } given)
        {
            return given;
        }

        if (Credentials is { } file)
        {
            IReadOnlyList<VirtualSensorIdentity> all = FleetProvisioning.FromFile(file);
            return Devices > 0 ? all.Take(Devices).ToArray() : all;
        }

        if (Api is null || OperatorKey is null || Devices < 1)
        {
            throw new ArgumentException("give --devices N with --api URL and --operator-key K, or --credentials FILE");
        }

        var watch = Stopwatch.StartNew();
        IReadOnlyList<VirtualSensorIdentity> created = await FleetProvisioning.ViaApiAsync(new Uri(Api), OperatorKey, IdPrefix, Devices,
            ThermalShare, parallel: 4, progress, cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"provisioned {created.Count} devices through {Api} in {watch.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);
        return created;
    }

    private static byte[] ReadTrustedKey(string path)
    {
        using ECDsa key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        ECParameters p = key.ExportParameters(false);
        return p.Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            ? [0x04, .. p.Q.X!, .. p.Q.Y!]
            : throw new InvalidDataException($"{path}: not a P-256 public key");
    }

    private static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
