using System.Diagnostics;
using Xunit.Abstractions;

namespace Fleet.Agent.Tests;

/// <summary>
/// The nanoFramework subset is enforced, and the enforcement bites: a scratch copy of the agent core with a file
/// that uses banned APIs fails to build with RS0030 under the repo's own ban list and project settings, while the
/// same copy without that file builds; the language rules hold for every core source file and catch violations.
/// </summary>
public sealed class SubsetRuleTests(ITestOutputHelper output)
{
    [Fact]
    public void BannedApi_FailsTheBuildWithRS0030_AndTheCleanCopyBuilds()
    {
        string scratch = Path.Combine(Path.GetTempPath(), "agent-subset-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The repo's own build settings, package versions, ban list and core project, copied as they are.
            Directory.CreateDirectory(scratch);
            foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props" })
            {
                File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(scratch, file));
            }
            string agent = Path.Combine(scratch, "device-firmware", "agent");
            Directory.CreateDirectory(agent);
            File.Copy(Path.Combine(RepoPaths.AgentDir, "BannedSymbols.txt"), Path.Combine(agent, "BannedSymbols.txt"));
            CopyTree(Path.Combine(RepoPaths.AgentDir, "Fleet.Agent"), Path.Combine(agent, "Fleet.Agent"));
            string project = Path.Combine(agent, "Fleet.Agent", "Fleet.Agent.csproj");

            (int cleanExit, string cleanLog) = Build(project);
            Assert.True(cleanExit == 0, "the clean copy must build:\n" + cleanLog);

            File.WriteAllText(Path.Combine(agent, "Fleet.Agent", "Queue", "QueueStats.cs"), """
                namespace Fleet.Agent.Queue;

                internal static class QueueStats
                {
                    internal static int Detections(int[] types) => System.Linq.Enumerable.Count(types, t => t == 1);

                    internal static object Later() => System.Threading.Tasks.Task.Run(() => 1);
                }
                """);
            (int exit, string log) = Build(project);
            output.WriteLine(string.Join('\n', log.Split('\n').Where(l => l.Contains("RS0030")).Distinct().Take(4)));
            Assert.NotEqual(0, exit);
            Assert.Contains("error RS0030", log);
            Assert.Contains("QueueStats.cs(5,", log); // the LINQ call
            Assert.Contains("'System.Linq' is banned", log);
            Assert.Contains("QueueStats.cs(7,", log); // the Task
            Assert.Contains("'System.Threading.Tasks' is banned", log);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void CoreSources_KeepTheLanguageRules()
    {
        string[] files = Directory.GetFiles(Path.Combine(RepoPaths.AgentDir, "Fleet.Agent"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToArray();
        Assert.True(files.Length > 20, $"only {files.Length} core files found");
        var violations = files.SelectMany(f => SubsetSourceScanner.Violations(File.ReadAllText(f)).Select(v => $"{Path.GetFileName(f)} {v}")).ToList();
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [InlineData("async void Go() { await X(); }", "async/await")]
    [InlineData("System.Collections.IEnumerable Items() { yield return 1; }", "yield")]
    [InlineData("public sealed record Box(int X);", "records")]
    [InlineData("var list = new List<int>();", "generics")]
    [InlineData("class Holder<T> { }", "generics")]
    [InlineData("Dictionary<string, int?> map = null;", "generics")]
    [InlineData("void M() { Span<byte> b = stackalloc byte[4]; }", "stackalloc")]
    [InlineData("int last = items[^1];", "index from end")]
    [InlineData("var head = items[1..3];", "index from end or range")]
    public void Scanner_CatchesEachLanguageRule(string code, string rule)
    {
        Assert.Contains(SubsetSourceScanner.Violations(code), v => v.Contains(rule));
    }

    [Theory]
    [InlineData("if (a < b && c > d) { }")]
    [InlineData("// a List<int> in a comment, or await in prose")]
    [InlineData("string s = \"async List<int> [^1]\";")]
    [InlineData("for (int i = 0; i < n; i++) { x = y > 2 ? 1 : 0; }")]
    public void Scanner_IgnoresLookAlikes(string code)
    {
        Assert.Empty(SubsetSourceScanner.Violations(code));
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal))
            {
                continue;
            }
            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static (int Exit, string Log) Build(string project)
    {
        // --no-incremental: analyzers do not re-run on an incremental build (shared/specs/dotnet-notes.md §6).
        var start = new ProcessStartInfo("dotnet", ["build", project, "--no-incremental", "-nologo", "-v:q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
