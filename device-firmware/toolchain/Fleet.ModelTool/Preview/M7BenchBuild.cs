// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;

namespace Fleet.ModelTool.Preview;

/// <summary>
/// The qemu-m7 benchmark images and the insncount plugin, built once per firmware source state into a cache
/// folder outside the repository and reused: the folder is named by a SHA-256 over every file the images are built
/// from (device-firmware's CMakeLists.txt and presets, core/, port/qemu_m7/, profiles/), so a kernel change gets a
/// fresh build and an unchanged tree never builds twice. A lock file serialises concurrent builders.
/// </summary>
internal sealed class M7BenchBuild
{
    public const string BenchModelElf = "bench_model_m7.elf";
    public const string BenchStagesElf = "bench_stages_m7.elf";

    private static readonly string[] SourceRoots = ["core", Path.Combine("port", "qemu_m7"), "profiles"];
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { "build", "bin", "obj", ".git" };

    private M7BenchBuild(string directory, string plugin)
    {
        Directory = directory;
        Plugin = plugin;
    }

    /// <summary>The CMake build folder.</summary>
    public string Directory { get; }

    /// <summary>The compiled TCG plugin.</summary>
    public string Plugin { get; }

    /// <summary>An image built from port/qemu_m7/bench.</summary>
    public string Image(string elf) => Path.Combine(Directory, "port", "qemu_m7", "bench", elf);

    /// <summary>Builds (or finds) the images for the firmware at <paramref name="firmwareDir"/>.</summary>
    public static M7BenchBuild Ensure(M7Toolchain tools, string firmwareDir, string cacheRoot, int jobs, TextWriter? progress,
        CancellationToken cancellationToken)
    {
        string key = SourceKey(firmwareDir);
        string dir = Path.Combine(cacheRoot, "qemu-m7-" + key);
        string plugin = Path.Combine(dir, "insncount", "libfl_insncount.so");
        string done = Path.Combine(dir, "build-complete");
        var build = new M7BenchBuild(dir, plugin);
        if (File.Exists(done))
        {
            return build;
        }

        System.IO.Directory.CreateDirectory(cacheRoot);
        using FileStream held = Lock(Path.Combine(cacheRoot, "qemu-m7-" + key + ".lock"), cancellationToken);
        if (File.Exists(done))
        {
            return build; // another process built it while we waited
        }

        progress?.WriteLine($"fleet-model: building the qemu-m7 benchmark images once into {dir} (cmake, arm-none-eabi-gcc) ...");
        TimeSpan limit = TimeSpan.FromMinutes(30);
        Check(ToolProcess.Run(tools.Cmake, ["--preset", "qemu-m7", "-B", dir], firmwareDir, limit, cancellationToken), "cmake configure");
        Check(ToolProcess.Run(tools.Cmake, ["--build", dir, "--target", "bench_model_m7", "bench_stages_m7", "-j", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            firmwareDir, limit, cancellationToken), "cmake build");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(plugin)!);
        Check(ToolProcess.Run(tools.HostCc, ["-O2", "-shared", "-fPIC", "-o", plugin, Path.Combine(firmwareDir, "port", "qemu_m7", "bench", "fl_insncount.c")],
            firmwareDir, limit, cancellationToken), "cc (insncount plugin)");
        foreach (string elf in new[] { BenchModelElf, BenchStagesElf })
        {
            if (!File.Exists(build.Image(elf)))
            {
                throw new InvalidOperationException($"the build finished without {build.Image(elf)}");
            }
        }

        File.WriteAllText(done, key + "\n");
        progress?.WriteLine("fleet-model: qemu-m7 benchmark images built");
        return build;
    }

    /// <summary>The firmware folder: the option, FLEET_FIRMWARE_DIR, or device-firmware above the program or the
    /// working directory.</summary>
    public static string LocateFirmware(string? configured)
    {
        string? explicitDir = configured ?? Environment.GetEnvironmentVariable("FLEET_FIRMWARE_DIR");
        if (explicitDir is not null)
        {
            string full = Path.GetFullPath(explicitDir);
            return IsFirmware(full)
                ? full
                : throw new M7CounterUnavailableException($"{full} is not the repository's device-firmware folder (no CMakePresets.json and port/qemu_m7/bench)");
        }

        foreach (string start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "device-firmware");
                if (IsFirmware(candidate))
                {
                    return candidate;
                }
            }
        }

        // A build outside the clone (dotnet build -o elsewhere) still knows where its sources were.
        string? built = typeof(M7BenchBuild).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "FleetFirmwareDirectory")?.Value;
        if (built is not null && IsFirmware(built))
        {
            return built;
        }

        throw new M7CounterUnavailableException(
            "the firmware sources (device-firmware/) were not found above the program, the working directory or where the program was built; set FLEET_FIRMWARE_DIR");
    }

    private static bool IsFirmware(string dir) =>
        File.Exists(Path.Combine(dir, "CMakePresets.json")) && System.IO.Directory.Exists(Path.Combine(dir, "port", "qemu_m7", "bench"));

    /// <summary>The cache folder: the option, FLEET_M7_CACHE, $XDG_CACHE_HOME/fleet-model/m7 or ~/.cache/fleet-model/m7.</summary>
    public static string LocateCache(string? configured, string firmwareDir)
    {
        string root = configured ?? Environment.GetEnvironmentVariable("FLEET_M7_CACHE") ?? DefaultCache();
        string full = Path.GetFullPath(root);
        string repo = Path.GetFullPath(Path.Combine(firmwareDir, ".."));
        if (full.StartsWith(repo + Path.DirectorySeparatorChar, StringComparison.Ordinal) || full == repo)
        {
            throw new M7CounterUnavailableException($"the M7 build cache {full} is inside the repository; choose a folder outside it");
        }

        return full;
    }

    private static string DefaultCache()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "fleet-model", "m7");
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "fleet-model-m7")
            : Path.Combine(home, ".cache", "fleet-model", "m7");
    }

    // SHA-256 over (relative path, length, bytes) of every source file, in ordinal order; the first 16 hex digits.
    private static string SourceKey(string firmwareDir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = new List<string> { Path.Combine(firmwareDir, "CMakeLists.txt"), Path.Combine(firmwareDir, "CMakePresets.json") };
        foreach (string root in SourceRoots)
        {
            Collect(Path.Combine(firmwareDir, root), files);
        }

        foreach (string f in files.Select(f => Path.GetRelativePath(firmwareDir, f)).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(firmwareDir, f));
            sha.AppendData(Encoding.UTF8.GetBytes($"{f.Replace('\\', '/')}\n{bytes.Length}\n"));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static void Collect(string dir, List<string> files)
    {
        if (!System.IO.Directory.Exists(dir))
        {
            return;
        }

        files.AddRange(System.IO.Directory.GetFiles(dir));
        foreach (string sub in System.IO.Directory.GetDirectories(dir))
        {
            if (!SkippedDirectories.Contains(Path.GetFileName(sub)))
            {
                Collect(sub, files);
            }
        }
    }

    private static FileStream Lock(string path, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (System.Diagnostics.Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(40))
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static void Check((int Code, string Out, string Err) r, string step)
    {
        if (r.Code != 0)
        {
            string tail = (r.Out + r.Err).Trim();
            tail = tail.Length > 3000 ? tail[^3000..] : tail;
            throw new InvalidOperationException($"{step} failed (exit {r.Code}):\n{tail}");
        }
    }
}
