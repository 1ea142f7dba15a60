// SPDX-License-Identifier: MIT
using System.CommandLine;

namespace Fleet.ModelTool.Cli;

/// <summary>The <c>fleet-model</c> command tree. Tests invoke it in-process with their own writers.</summary>
public static class ModelToolCli
{
    public static RootCommand BuildRoot() =>
        new("fleet-model: inspect, run, evaluate and benchmark models on the Fleet C engine (OpenMV .network and the " +
            "Fleet model format v1, told apart by magic: CAFE / FLMD), convert .network to the Fleet format, detect faces " +
            "(+ smile) with Haar cascades, and run the thermal people detector")
        {
            InspectCommand.Create(),
            RunCommand.Create(),
            EvalCommand.Create(),
            BenchCommand.Create(),
            ConvertCommand.Create(),
            QuantizeCommand.Create(),
            DetectCommand.Create(),
            ThermalCommand.Create(),
            KeygenCommand.Create(),
            SignCommand.Create(),
            PublishCommand.Create(),
            PreviewCommand.Create(),
        };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (0 ok, 1 usage, 2 bad input, 3 internal).</summary>
    public static int Invoke(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return BuildRoot().Parse(args).Invoke(config);
    }
}
