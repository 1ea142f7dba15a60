// SPDX-License-Identifier: MIT
using Fleet.Agent.Ports;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// A virtual sensor's queue region in memory. It outlives the agent object, so a simulated reboot (a new agent
/// over the same region) finds what the previous one left, as on flash. <see cref="Replace"/> swaps the whole
/// array at once (atomic, as the agent requires).
/// </summary>
internal sealed class MemoryQueueStorage : IQueueStorage
{
    private readonly Lock _gate = new();
    private byte[] _data = [];

    public byte[] ReadAll()
    {
        lock (_gate)
        {
            return (byte[])_data.Clone();
        }
    }

    public void Append(byte[] data, int count)
    {
        lock (_gate)
        {
            var next = new byte[_data.Length + count];
            _data.CopyTo(next, 0);
            Array.Copy(data, 0, next, _data.Length, count);
            _data = next;
        }
    }

    public void Replace(byte[] data, int count)
    {
        lock (_gate)
        {
            _data = data.AsSpan(0, count).ToArray();
        }
    }
}
