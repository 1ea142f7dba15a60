// SPDX-License-Identifier: MIT
using System.CommandLine;

namespace Fleet.ModelTool.Cli;

/// <summary>The <c>fleet-model</c> command tree. Tests invoke it in-process with their own writers.</summary>
public static class ModelToolCli
{
    public static RootCommand BuildRoot() =>
        new("fleet-model: inspect, run, evaluate and benchmark OpenMV .network models on the Fleet C engine")
        {
            InspectCommand.Create(),
            RunCommand.Create(),
            EvalCommand.Create(),
            BenchCommand.Create(),
        };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (0 ok, 1 usage, 2 bad input, 3 internal).</summary>
    public static int Invoke(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return BuildRoot().Parse(args).Invoke(config);
    }
}
