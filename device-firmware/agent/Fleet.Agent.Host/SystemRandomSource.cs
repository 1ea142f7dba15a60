using System.Security.Cryptography;
using Fleet.Agent.Ports;

namespace Fleet.Agent.Host;

/// <summary><see cref="IRandomSource"/> from the OS generator (the device uses its hardware RNG).</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public uint NextUInt() => BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
}
