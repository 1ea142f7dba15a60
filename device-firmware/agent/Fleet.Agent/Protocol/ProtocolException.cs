using System;

namespace Fleet.Agent.Protocol;

/// <summary>A payload that breaks docs/protocol.md; <see cref="Exception.Message"/> is the reason, reason tag first.</summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(string reason)
        : base(reason)
    {
    }
}
