// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Slots;

/// <summary>
/// A slots operation failed. <see cref="Code"/> is set when an offer was refused (NoSpace, Incompatible, Aborted)
/// and is what the device reports in its OTA result; <see cref="Status"/> is the C core's status
/// (State: out of order, e.g. a chunk past the expected offset or finish before the last byte; Io: the flash).
/// </summary>
public sealed class SlotsException : Exception
{
    public SlotsException()
    {
    }

    public SlotsException(string message)
        : base(message)
    {
    }

    public SlotsException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SlotsException(string message, NativeStatus status, OtaResultCode? code = null)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public NativeStatus Status { get; }

    public OtaResultCode? Code { get; }
}
