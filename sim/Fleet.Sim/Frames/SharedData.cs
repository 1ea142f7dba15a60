// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Frames;

/// <summary>
/// Finds the reference data (<c>../shared/data</c> beside the clone: faces photos, cascades, SMILEsmileD, Omron
/// recordings). It is read where it lies at run time and never copied; a machine without it runs on synthetic
/// scenes.
/// </summary>
public static class SharedData
{
    /// <summary>
    /// <paramref name="explicitDirectory"/> when given (it must exist), else the first <c>shared/data</c> next to a
    /// folder holding <c>Fleet.sln</c> above the working directory or this program; null when there is none.
    /// </summary>
    public static string? Locate(string? explicitDirectory = null)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            return Directory.Exists(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new DirectoryNotFoundException($"shared data directory '{explicitDirectory}' does not exist");
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (Directory.Exists(Path.Combine(candidate, "faces")))
                    {
                        return candidate;
                    }

                    break;
                }
            }
        }

        return null;
    }
}
