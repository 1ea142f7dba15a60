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

    public JsonElement Json()
    {
        using JsonDocument doc = JsonDocument.Parse(Stdout);
        return doc.RootElement.Clone();
    }
}
