// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Tests;

/// <summary>
/// Where the repository and the read-only shared material are: the repo root is the first directory above the
/// test assembly holding Fleet.sln; shared data lives beside the clone at &lt;root&gt;/../shared.
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedData { get; } = Path.Combine(Shared, "data");

    public static bool HasSharedData => Directory.Exists(SharedData);

    public static string OpenMv(params string[] parts) => Path.Combine([SharedData, "openmv", .. parts]);

    public static string Data(params string[] parts) => Path.Combine([SharedData, .. parts]);

    /// <summary>Every staged seed model (v3.0, final, history/*), or nothing when ../shared is absent.</summary>
    public static IReadOnlyList<string> AllModels()
    {
        string root = OpenMv("models");
        return Directory.Exists(root)
            ? Directory.GetFiles(root, "*.network", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    /// <summary>Theory data over <see cref="AllModels"/>, relative to models/; a placeholder keeps xunit happy when absent.</summary>
    public static TheoryData<string> ModelData()
    {
        var data = new TheoryData<string>();
        IReadOnlyList<string> models = AllModels();
        foreach (string m in models)
        {
            data.Add(Path.GetRelativePath(OpenMv("models"), m));
        }

        if (models.Count == 0)
        {
            data.Add("(shared data absent)");
        }

        return data;
    }

    // The output folder is normally inside the repository; with --artifacts-path elsewhere, this source file's
    // compile-time path still is.
    private static string FindRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); start.Length > 0 && dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no Fleet.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
