// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Per-device, per-message-type uplink sequence numbers (docs/protocol.md §1.2: the gateway stores a
/// (device, type, seq) once). They survive wakes and battery swaps, as a device keeps them in flash. A virtual
/// sensor is "cold booted" each time the demo starts, so it starts from <paramref name="bootStart"/>, a value
/// drawn like a device's hardware RNG would draw it, not from the demo's seed: otherwise a restarted demo would
/// reuse the numbers its previous run stored and the gateway would drop its messages as duplicates.
/// Not thread-safe.
/// </summary>
internal sealed class SequenceCounters(uint bootStart)
{
    private readonly Dictionary<MessageType, uint> _last = [];

    /// <summary>The next sequence number of <paramref name="type"/>: <c>bootStart + 1</c> first, then +1 (wrapping).</summary>
    public uint Next(MessageType type)
    {
        if (!_last.TryGetValue(type, out uint last))
        {
            last = bootStart;
        }
        uint next = unchecked(last + 1);
        _last[type] = next;
        return next;
    }
}
