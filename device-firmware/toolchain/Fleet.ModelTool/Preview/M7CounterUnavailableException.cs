// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Preview;

/// <summary>The instruction counter cannot run here: a tool is missing (the message names the Debian packages) or
/// the firmware sources are not found.</summary>
public sealed class M7CounterUnavailableException : Exception
{
    public M7CounterUnavailableException(string message)
        : base(message)
    {
    }

    public M7CounterUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public M7CounterUnavailableException()
    {
    }
}
