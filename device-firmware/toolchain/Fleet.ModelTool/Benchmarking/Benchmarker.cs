// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Runtime.InteropServices;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Reference;

namespace Fleet.ModelTool.Benchmarking;

/// <summary>
/// Times whole-network inference on this host: the C engine through P/Invoke (one preallocated input/output,
/// so the loop measures only fl_network_run or fl_model_run) and the C# reference (.network only) on the same
/// input tensor, each for a fixed wall-clock budget after one warm-up run. Single-threaded. These are host figures, not Cortex-M7 ones.
/// </summary>
public static class Benchmarker
{
    /// <summary>mode null = each format's default (camera for .network, corrected for a Fleet model).</summary>
    public static BenchResult Run(IReadOnlyList<string> modelPaths, TimeSpan perEngine, NetworkMode? requestedMode,
        TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(modelPaths);
        var results = new List<BenchModelResult>();
        foreach (string path in modelPaths)
        {
            using LoadedModel model = CliCommon.LoadModel(path);
            NetworkMode mode = model.ResolveMode(requestedMode);

            // A fixed pseudo-random input: inference time does not depend on the values.
            var input = new sbyte[model.InputLength];
            new Random(1234).NextBytes((byte[])(Array)input);
            var q = new sbyte[model.Outputs];
            model.Run(input, mode, softmax: false, q);
            (long cRuns, double cSeconds) = Time(perEngine, () => model.Run(input, mode, softmax: false, q));
            double cIps = cRuns / cSeconds;

            // The C# reference implements the .network engine only; a Fleet model is timed on the C engine alone.
            long? rRuns = null;
            double? rIps = null;
            bool? match = null;
            if (model.Network is not null)
            {
                RefNetwork reference = RefNetwork.Parse(model.Blob);
                RefMode refMode = mode == NetworkMode.Camera ? RefMode.Camera : RefMode.Corrected;
                sbyte[] refOut = RefNetworkRunner.Run(reference, refMode, softmax: false, input);
                match = q.AsSpan().SequenceEqual(refOut);
                (long runs, double seconds) = Time(perEngine, () => RefNetworkRunner.Run(reference, refMode, false, input));
                (rRuns, rIps) = (runs, runs / seconds);
            }

            long flash = model.Fleet?.Info.FlashBytes ?? model.Network!.Info.WeightBytes;
            long arena = model.Fleet?.Info.ArenaBytes ?? model.Network!.ArenaBytes;
            var r = new BenchModelResult(path, CliCommon.ModeName(mode), model.Macs, model.Blob.Length, flash, arena,
                cRuns, Math.Round(cIps, 1), rRuns, rIps is { } ri ? Math.Round(ri, 1) : null,
                rIps is { } rr ? Math.Round(cIps / rr, 2) : null, match, model.IsFleet ? "fleet" : "network");
            log?.WriteLine(r.ReferencePerSecond is { } rps
                ? $"bench: {Path.GetFileName(path)}: C {r.CPerSecond}/s, C# reference {rps}/s"
                : $"bench: {Path.GetFileName(path)}: C {r.CPerSecond}/s (Fleet model: no C# reference)");
            results.Add(r);
        }

        return new BenchResult(CpuName(), Environment.ProcessorCount, RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, perEngine.TotalSeconds, results);
    }

    private static (long Runs, double Seconds) Time(TimeSpan budget, Action body)
    {
        body(); // warm-up: JIT and caches
        long runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            body();
            runs++;
        }
        while (clock.Elapsed < budget);

        return (runs, clock.Elapsed.TotalSeconds);
    }

    private static string CpuName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or no access: fall through to the architecture.
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
