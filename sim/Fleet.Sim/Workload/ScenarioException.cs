// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>A scenario file, a profile it references or a <c>--set</c> override is wrong (unknown key, bad value,
/// missing file). The message names the file or option and the key; the CLI prints it and exits with 2.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScenarioException()
    {
    }
}
