// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Runtime.InteropServices;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Reference;

namespace Fleet.ModelTool.Benchmarking;

/// <summary>
/// Times whole-network inference on this host: the C engine through P/Invoke (one preallocated input/output,
/// so the loop measures only fl_network_run) and the C# reference on the same input tensor, each for a fixed
/// wall-clock budget after one warm-up run. Single-threaded. These are host figures, not Cortex-M7 ones.
/// </summary>
public static class Benchmarker
{
    public static BenchResult Run(IReadOnlyList<string> modelPaths, TimeSpan perEngine, NetworkMode mode,
        TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(modelPaths);
        var results = new List<BenchModelResult>();
        foreach (string path in modelPaths)
        {
            var (blob, model) = CliCommon.LoadModel(path);
            using (model)
            {
                RefNetwork reference = RefNetwork.Parse(blob);
                RefMode refMode = mode == NetworkMode.Camera ? RefMode.Camera : RefMode.Corrected;

                // A fixed pseudo-random input: inference time does not depend on the values.
                var input = new sbyte[model.InputLength];
                new Random(1234).NextBytes((byte[])(Array)input);
                var q = new sbyte[model.Info.Outputs];

                model.Run(input, mode, softmax: false, q);
                sbyte[] refOut = RefNetworkRunner.Run(reference, refMode, softmax: false, input);
                bool match = q.AsSpan().SequenceEqual(refOut);

                (long cRuns, double cSeconds) = Time(perEngine, () => model.Run(input, mode, softmax: false, q));
                (long rRuns, double rSeconds) = Time(perEngine, () => RefNetworkRunner.Run(reference, refMode, false, input));
                double cIps = cRuns / cSeconds, rIps = rRuns / rSeconds;
                var r = new BenchModelResult(path, CliCommon.ModeName(mode), model.Info.Macs, blob.Length,
                    model.Info.WeightBytes, model.ArenaBytes, cRuns, Math.Round(cIps, 1), rRuns, Math.Round(rIps, 1),
                    Math.Round(cIps / rIps, 2), match);
                log?.WriteLine($"bench: {Path.GetFileName(path)}: C {r.CPerSecond}/s, C# reference {r.ReferencePerSecond}/s");
                results.Add(r);
            }
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
