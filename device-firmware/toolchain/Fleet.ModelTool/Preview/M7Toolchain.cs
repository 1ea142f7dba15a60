// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Preview;

/// <summary>The host tools the counter needs, found on PATH, and the Debian packages that provide them.</summary>
public sealed record M7Toolchain(string Qemu, string Cmake, string CrossGcc, string CrossNm, string HostCc)
{
    private static readonly (string Tool, string Package)[] Needed =
    [
        ("qemu-system-arm", "qemu-system-arm"),
        ("cmake", "cmake"),
        ("arm-none-eabi-gcc", "gcc-arm-none-eabi libnewlib-arm-none-eabi"),
        ("arm-none-eabi-nm", "binutils-arm-none-eabi"),
        ("cc", "gcc"),
        ("make", "make"),
    ];

    /// <summary>The Debian packages for every tool, for messages.</summary>
    public static string AllPackages => "qemu-system-arm cmake make gcc gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi";

    /// <summary>Finds the tools, or explains what is missing and which Debian packages to install.</summary>
    /// <exception cref="M7CounterUnavailableException">A tool is not on PATH.</exception>
    public static M7Toolchain Find()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<(string Tool, string Package)>();
        foreach ((string tool, string package) in Needed)
        {
            string? path = OnPath(tool);
            if (path is null)
            {
                missing.Add((tool, package));
            }
            else
            {
                found[tool] = path;
            }
        }

        if (missing.Count > 0)
        {
            throw new M7CounterUnavailableException(
                $"counting Cortex-M7 instructions needs {string.Join(", ", missing.Select(m => m.Tool))} (not on PATH); " +
                $"on Debian: apt-get install {string.Join(' ', missing.Select(m => m.Package).Distinct())}");
        }

        return new M7Toolchain(found["qemu-system-arm"], found["cmake"], found["arm-none-eabi-gcc"], found["arm-none-eabi-nm"], found["cc"]);
    }

    /// <summary>Null when every tool is there, else the reason (for tests that report themselves skipped).</summary>
    public static string? MissingReason()
    {
        try
        {
            _ = Find();
            return null;
        }
        catch (M7CounterUnavailableException ex)
        {
            return ex.Message;
        }
    }

    private static string? OnPath(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
