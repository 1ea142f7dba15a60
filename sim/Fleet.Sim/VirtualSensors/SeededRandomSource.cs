// SPDX-License-Identifier: MIT
using Fleet.Agent.Ports;

namespace Fleet.Sim.VirtualSensors;

/// <summary>The agent's hardware RNG from a seeded source, so a fleet run with a seed repeats its back-off jitter.</summary>
internal sealed class SeededRandomSource(Random random) : IRandomSource
{
    public uint NextUInt() => (uint)random.NextInt64(0, 1L << 32);
}
