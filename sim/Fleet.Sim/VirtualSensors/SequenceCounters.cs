// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Per-device, per-message-type uplink sequence numbers (docs/protocol.md §1.2: the gateway stores a
/// (device, type, seq) once). They survive wakes and battery swaps, as a device keeps them in flash. Not thread-safe.
/// </summary>
internal sealed class SequenceCounters
{
    private readonly Dictionary<MessageType, uint> _last = [];

    /// <summary>The next sequence number of <paramref name="type"/>: 1 for the first message, then +1.</summary>
    public uint Next(MessageType type)
    {
        _last.TryGetValue(type, out uint last);
        uint next = unchecked(last + 1);
        _last[type] = next;
        return next;
    }
}
