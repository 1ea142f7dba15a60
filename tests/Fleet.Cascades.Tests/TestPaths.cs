// SPDX-License-Identifier: MIT
namespace Fleet.Cascades.Tests;

/// <summary>The repo root (first directory above the test assembly holding Fleet.sln) and ../shared beside it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static bool HasSharedData => Directory.Exists(SharedData);

    public static string Data(params string[] parts) => Path.Combine([SharedData, .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Fleet.sln above {AppContext.BaseDirectory}");
    }
}
