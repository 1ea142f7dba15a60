// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.ModelTool.Preview;

/// <summary>
/// Counts the Cortex-M7 instructions one inference of a model file (FLMD or .network) executes: runs
/// port/qemu_m7/bench/bench_model_m7.elf under <c>qemu-system-arm -M mps2-an500 -cpu cortex-m7</c> with the
/// project's insncount TCG plugin, exactly as port/qemu_m7/bench/run_bench.py runs the other benchmarks.
/// </summary>
/// <remarks>
/// The image loads the model outside any measured region (reading, parsing, planning: once per model, not per
/// inference), then measures marker regions. The plugin counts every instruction executed between entering
/// <c>bench_begin</c> and entering <c>bench_end</c>; region 0 is an empty pair, i.e. the markers' own cost (2
/// instructions: <c>bench_begin</c>'s return and the call of <c>bench_end</c>), and is subtracted from every other
/// region, as run_bench.py does. Region 1 is a loop of exactly 201 instructions; a run that does not read 201 is
/// refused. The images are built once per firmware source state into a cache folder (see <see cref="M7BenchBuild"/>).
/// QEMU counts instructions, not cycles (no pipeline, caches or wait states).
/// </remarks>
public sealed partial class M7InstructionCounter
{
    /// <summary>Largest model file the image's buffer holds.</summary>
    public const long MaxModelBytes = 1536 * 1024;

    /// <summary>The stage benchmark image (docs/benchmarks-m7.md), for <see cref="RunBenchImage"/>.</summary>
    public const string StagesImage = M7BenchBuild.BenchStagesElf;

    private readonly M7CounterOptions _options;

    public M7InstructionCounter(M7CounterOptions? options = null)
    {
        _options = options ?? new M7CounterOptions();
    }

    /// <summary>Counts one inference of <paramref name="modelPath"/>.</summary>
    /// <exception cref="M7CounterUnavailableException">QEMU, the cross-compiler or the firmware sources are missing.</exception>
    /// <exception cref="ModelToolException">The file is missing, too big or not a model the firmware loads.</exception>
    public M7Count Count(string modelPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        string full = Path.GetFullPath(modelPath);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new ModelToolException($"{modelPath}: no such model file");
        }

        if (info.Length > MaxModelBytes)
        {
            throw new ModelToolException($"{modelPath}: {info.Length} bytes, more than the M7 benchmark's {MaxModelBytes}-byte model buffer");
        }

        (M7Toolchain tools, M7BenchBuild build) = Prepare(cancellationToken);
        (IReadOnlyList<M7Region> regions, long overhead, string stdout) = RunImage(tools, build, M7BenchBuild.BenchModelElf, [full], cancellationToken, modelPath);
        M7Region run = regions.FirstOrDefault(r => r.Label.StartsWith("run ", StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"bench_model_m7 printed no run region:\n{stdout}");
        M7Region? inference = regions.FirstOrDefault(r => r.Label.StartsWith("inference", StringComparison.Ordinal));
        string[] f = run.Label.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Dictionary<string, string> kv = f.Where(x => x.Contains('=', StringComparison.Ordinal))
            .Select(x => x.Split('=', 2)).ToDictionary(x => x[0], x => x[1], StringComparer.Ordinal);
        return new M7Count(modelPath, f[1], inference?.Instructions ?? run.Instructions, run.Instructions,
            ulong.Parse(kv["macs"], CultureInfo.InvariantCulture), uint.Parse(kv["arena"], CultureInfo.InvariantCulture),
            uint.Parse(kv["flash"], CultureInfo.InvariantCulture), overhead);
    }

    /// <summary>
    /// Runs one of the cached benchmark images (e.g. bench_stages_m7.elf with the shared folder) and returns its
    /// regions with the marker overhead subtracted: the figures run_bench.py prints.
    /// </summary>
    public IReadOnlyList<M7Region> RunBenchImage(string elf, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        (M7Toolchain tools, M7BenchBuild build) = Prepare(cancellationToken);
        return RunImage(tools, build, elf, args, cancellationToken, elf).Regions;
    }

    private (M7Toolchain Tools, M7BenchBuild Build) Prepare(CancellationToken cancellationToken)
    {
        M7Toolchain tools = M7Toolchain.Find();
        string firmware = M7BenchBuild.LocateFirmware(_options.FirmwareDirectory);
        string cache = M7BenchBuild.LocateCache(_options.CacheDirectory, firmware);
        return (tools, M7BenchBuild.Ensure(tools, firmware, cache, Math.Max(1, _options.BuildJobs), _options.Progress, cancellationToken));
    }

    private (IReadOnlyList<M7Region> Regions, long Overhead, string Stdout) RunImage(M7Toolchain tools, M7BenchBuild build, string elf,
        IReadOnlyList<string> args, CancellationToken cancellationToken, string subject)
    {
        string image = build.Image(elf);
        (string begin, string end) = Markers(tools, image, cancellationToken);
        string outFile = Path.Combine(Path.GetTempPath(), $"fleet-model-insncount-{Guid.NewGuid():N}.txt");
        try
        {
            // QEMU's option syntax: a comma inside a value is written twice.
            string semiArgs = string.Concat(new[] { Path.GetFileNameWithoutExtension(elf) }.Concat(args).Select(a => ",arg=" + a.Replace(",", ",,", StringComparison.Ordinal)));
            string[] qemuArgs =
            [
                "-M", "mps2-an500", "-cpu", "cortex-m7", "-nographic", "-monitor", "none", "-serial", "none",
                "-chardev", "stdio,id=semi", "-semihosting-config", "enable=on,target=native,chardev=semi" + semiArgs,
                "-plugin", $"{build.Plugin},begin={begin},end={end},out={outFile.Replace(",", ",,", StringComparison.Ordinal)}", "-kernel", image,
            ];
            (int code, string stdout, string stderr) = ToolProcess.Run(tools.Qemu, qemuArgs, null, _options.RunTimeout, cancellationToken);
            if (code != 0)
            {
                Match bad = ErrorLine().Match(stdout);
                if (bad.Success)
                {
                    throw new ModelToolException($"{subject}: {bad.Groups[1].Value.Trim()} (on the M7 image)");
                }

                throw new InvalidOperationException($"{elf} under QEMU exited {code}:\n{Tail(stdout + stderr)}");
            }

            var counts = new Dictionary<int, long>();
            foreach (string line in File.ReadAllLines(outFile))
            {
                Match m = CountLine().Match(line);
                if (m.Success)
                {
                    counts[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                }
            }

            var labels = new Dictionary<int, string>();
            foreach (string line in stdout.Split('\n'))
            {
                Match m = LabelLine().Match(line.TrimEnd('\r'));
                if (m.Success)
                {
                    labels[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = m.Groups[2].Value;
                }
            }

            if (!counts.TryGetValue(0, out long overhead))
            {
                throw new InvalidOperationException($"{elf}: the plugin wrote no empty region 0:\n{Tail(stdout)}");
            }

            var regions = counts.Where(kv => kv.Key != 0).OrderBy(kv => kv.Key)
                .Select(kv => new M7Region(kv.Key, labels.GetValueOrDefault(kv.Key, ""), kv.Value - overhead)).ToList();
            M7Region? calibration = regions.FirstOrDefault(r => r.Label.StartsWith("calibration", StringComparison.Ordinal));
            if (calibration is null || calibration.Instructions != 201)
            {
                throw new InvalidOperationException(
                    $"{elf}: the calibration region read {calibration?.Instructions.ToString(CultureInfo.InvariantCulture) ?? "nothing"}, expected 201 instructions");
            }

            return (regions.Where(r => r != calibration).ToList(), overhead, stdout);
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    private static (string Begin, string End) Markers(M7Toolchain tools, string image, CancellationToken cancellationToken)
    {
        (int code, string stdout, string stderr) = ToolProcess.Run(tools.CrossNm, [image], null, TimeSpan.FromMinutes(1), cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"arm-none-eabi-nm {image} exited {code}: {Tail(stderr)}");
        }

        string? begin = null, end = null;
        foreach (string line in stdout.Split('\n'))
        {
            string[] f = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && f[2] == "bench_begin")
            {
                begin = "0x" + f[0];
            }
            else if (f.Length == 3 && f[2] == "bench_end")
            {
                end = "0x" + f[0];
            }
        }

        return begin is not null && end is not null
            ? (begin, end)
            : throw new InvalidOperationException($"{image} has no bench_begin / bench_end symbols");
    }

    private static string Tail(string s) => s.Length > 2000 ? s[^2000..] : s;

    [GeneratedRegex(@"^region (\d+) (\d+)$")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"^region (\d+) (.*)$")]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"(?m)^error: (.*)$")]
    private static partial Regex ErrorLine();
}
