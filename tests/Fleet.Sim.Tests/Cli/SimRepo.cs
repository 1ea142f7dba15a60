// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;

namespace Fleet.Sim.Tests.Cli;

/// <summary>Paths in the repository, found from this source file (the tests may be built anywhere).</summary>
internal static class SimRepo
{
    public static string Root { get; } = FindRoot();

    public static string Scenario(string name) => Path.Combine(Root, "sim", "profiles", name);

    public static string Profile(string name) => Path.Combine(Root, "device-firmware", "profiles", name);

    /// <summary>Runs <c>fleet-sim</c> in-process; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Fleet.Sim.Cli.SimCli.Invoke(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

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
