using System;

namespace Fleet.Agent.Ports;

/// <summary>The model slots refused an operation; <see cref="ResultCode"/> is the OTA result code (docs/protocol.md type 9).</summary>
public sealed class ModelStoreException : Exception
{
    public ModelStoreException(int resultCode, string message)
        : base(message)
    {
        ResultCode = resultCode;
    }

    public int ResultCode { get; }
}
