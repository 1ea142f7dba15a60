// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Tests;

/// <summary>
/// The repo root is the first directory above the test assembly holding Fleet.sln; the read-only shared material
/// lives beside the clone at &lt;root&gt;/../shared.
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string OmronDataset { get; } = Path.Combine(SharedData, Fleet.Thermal.Omron.OmronDataset.RelativePath);

    public static bool HasOmronDataset => Directory.Exists(OmronDataset);

    private static string FindRepoRoot()
    {
        // The test assembly normally sits under the clone; with --artifacts-path outside it, the directory this
        // source file was compiled from is the next place to look.
        foreach (string start in new[] { AppContext.BaseDirectory, SourceDirectory() })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Fleet.sln")))
                {
                    return d.FullName;
                }
            }
        }
        throw new InvalidOperationException("Fleet.sln not found above " + AppContext.BaseDirectory + " or " + SourceDirectory());
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path) ?? ".";
}
