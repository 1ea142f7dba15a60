// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Thrown inside a wake to stand for the supply collapsing: the agent object is abandoned mid-call and the sensor
/// boots a new one from its flash, as the MCU's reset would.
/// </summary>
public sealed class BrownOutException : Exception
{
    public BrownOutException()
        : base("simulated brown-out: power lost mid-wake")
    {
    }

    public BrownOutException(string message)
        : base(message)
    {
    }

    public BrownOutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
