// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Preview;

/// <summary>Where the counter finds the firmware and keeps its build.</summary>
public sealed class M7CounterOptions
{
    /// <summary>The repository's <c>device-firmware</c> folder (holding CMakePresets.json); null = found above the
    /// program or the working directory, or from <c>FLEET_FIRMWARE_DIR</c>.</summary>
    public string? FirmwareDirectory { get; set; }

    /// <summary>Cache folder for the qemu-m7 build and the plugin, never inside the repository; null =
    /// <c>FLEET_M7_CACHE</c>, else <c>$XDG_CACHE_HOME/fleet-model/m7</c>, else <c>~/.cache/fleet-model/m7</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Parallel compile jobs for the one-off build (default 2: the machine is shared).</summary>
    public int BuildJobs { get; set; } = 2;

    /// <summary>Longest QEMU run before it is stopped.</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Progress lines (build steps), or null.</summary>
    public TextWriter? Progress { get; set; }
}
