// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Fleet.ModelTool.Tests.Interop;

/// <summary>
/// Measures C struct layouts by compiling a small probe against the real headers (device-firmware/core/include)
/// with the host C compiler, which the interop build already needs for libfleetcore. The probe prints lines
/// "NAME SIZE OFFSET…"; this returns them by name. Shared by every layout test so there is one way to measure.
/// </summary>
internal static class CLayoutProbe
{
    public static Dictionary<string, long[]> Measure(string probeSource)
    {
        string dir = Directory.CreateTempSubdirectory("fl-layout-").FullName;
        try
        {
            string src = Path.Combine(dir, "probe.c"), exe = Path.Combine(dir, "probe");
            File.WriteAllText(src, probeSource);
            string include = Path.Combine(TestPaths.RepoRoot, "device-firmware", "core", "include");
            Run("cc", $"-std=c99 -I \"{include}\" -o \"{exe}\" \"{src}\"");
            return Run(exe, "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => p.Skip(1).Select(long.Parse).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Asserts C sizeof and the field offsets (in probe order) equal the C# mirror's.</summary>
    public static void AssertLayout(Dictionary<string, long[]> layouts, string cName, int size, params long[] offsets)
    {
        long[] c = layouts[cName];
        Assert.True(c[0] == size, $"{cName}: C sizeof {c[0]}, C# {size}");
        Assert.Equal(c.Skip(1).ToArray(), offsets);
    }

    private static string Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {args} failed: {stderr}");
        return stdout;
    }
}
