// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;

namespace Fleet.ModelTool.Tests.Preview;

/// <summary>Repository and ../shared paths found from this source file, so the preview tests also run from a test
/// build outside the clone (dotnet test -o /tmp/...).</summary>
internal static class PreviewPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static bool HasSharedData => Directory.Exists(Path.Combine(Shared, "data"));

    public static string Firmware => Path.Combine(Root, "device-firmware");

    public static string SeedModel(string name) => Path.Combine(Shared, "data", "openmv", "models", "v3.0", name);

    public static string Profile(string name) => Path.Combine(Root, "device-firmware", "profiles", name);

    public static string Scenario(string name) => Path.Combine(Root, "sim", "profiles", name);

    private static string FindRoot([CallerFilePath] string here = "")
    {
        foreach (string start in new[] { Path.GetDirectoryName(here)!, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("no Fleet.sln above the test sources");
    }
}
