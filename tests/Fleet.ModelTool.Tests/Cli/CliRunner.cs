// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.ModelTool.Cli;

namespace Fleet.ModelTool.Tests.Cli;

/// <summary>Runs fleet-model in-process and captures stdout, stderr and the exit code.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Invoke(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = ModelToolCli.Invoke(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A failed run that printed exactly one "fleet-model: error:" line containing the text, no stack trace.</summary>
    public void AssertOneLineError(string mustContain)
    {
        Assert.NotEqual(0, ExitCode);
        string[] lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(mustContain, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", Stderr, StringComparison.Ordinal);
        Assert.StartsWith("fleet-model: error:", lines[0], StringComparison.Ordinal);
    }

    public JsonElement Json()
    {
        using JsonDocument doc = JsonDocument.Parse(Stdout);
        return doc.RootElement.Clone();
    }
}
