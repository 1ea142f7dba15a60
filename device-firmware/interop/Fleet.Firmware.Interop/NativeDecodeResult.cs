using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop;

/// <summary>
/// Outcome of <see cref="NativeCodec.Decode(ReadOnlySpan{byte})"/>: the message when <see cref="IsSuccess"/>,
/// otherwise <see langword="null"/> and the C decoder's reason.
/// </summary>
public sealed record NativeDecodeResult(FleetMessage? Message, NativeStatus Status)
{
    /// <summary>True when the payload was a valid protocol v1 message.</summary>
    public bool IsSuccess => Status == NativeStatus.Ok;
}
