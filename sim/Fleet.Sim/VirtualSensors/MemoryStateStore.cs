// SPDX-License-Identifier: MIT
using Fleet.Agent.Ports;

namespace Fleet.Sim.VirtualSensors;

/// <summary>A virtual sensor's named state records in memory (old or new record, never half: the array is swapped).</summary>
internal sealed class MemoryStateStore : IStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _records = new(StringComparer.Ordinal);

    public byte[]? Load(string name)
    {
        lock (_gate)
        {
            return _records.TryGetValue(name, out byte[]? data) ? (byte[])data.Clone() : null;
        }
    }

    public void Save(string name, byte[] data)
    {
        lock (_gate)
        {
            _records[name] = (byte[])data.Clone();
        }
    }
}
