// SPDX-License-Identifier: MIT
using System.CommandLine;

namespace Fleet.Sim.Cli;

/// <summary>The <c>fleet-sim</c> command tree. Tests invoke it in-process with their own writers.</summary>
public static class SimCli
{
    public static RootCommand BuildRoot() =>
        new("fleet-sim: battery life of a sensor (energy model over the board power profiles, LiPo model, workload, " +
            "Monte Carlo) and fleets of virtual sensors running the device agent and the firmware core against a gateway")
        {
            BatteryCommand.Create(),
            FleetCommand.Create(),
        };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (0 ok, 1 usage, 2 bad input, 3 internal).</summary>
    public static int Invoke(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return BuildRoot().Parse(args).Invoke(config);
    }
}
