using System.Reflection;

namespace Fleet.Agent.Tests;

/// <summary>Where the repository is (stamped into the assembly at build time).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FleetRepoRoot").Value!;

    public static string AgentDir => Path.Combine(Root, "device-firmware", "agent");
}
