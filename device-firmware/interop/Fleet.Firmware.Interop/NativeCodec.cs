using Fleet.Contracts.Messages;
using Fleet.Firmware.Interop.Native;

namespace Fleet.Firmware.Interop;

/// <summary>
/// Protocol v1 (docs/protocol.md) encoded and decoded by the device's own C codec in libfleetcore, so C# code
/// (tests, the simulator) can check the gateway's codec against exactly what a device does. Thread-safe: the
/// native codec keeps no state. The first call checks that the loaded library has the ABI these bindings expect.
/// </summary>
public static class NativeCodec
{
    /// <summary>Largest payload the protocol allows (bytes); <see cref="Encode"/> never needs more.</summary>
    public const int MaxPayloadBytes = 4096;

    private static readonly Lazy<uint> LoadedAbiVersion = new(NativeMethods.CoreAbiVersion);

    /// <summary>Encodes <paramref name="message"/> in the deterministic CBOR of docs/protocol.md §2.</summary>
    /// <returns>A new array holding exactly the payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">A field the native encoder rejects (range, length, character set,
    /// undefined enum value) or cannot represent (non-ASCII text, more than 16 boxes, a hash of the wrong
    /// length).</exception>
    /// <exception cref="InvalidOperationException">libfleetcore has another ABI version.</exception>
    public static unsafe byte[] Encode(FleetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureCompatible();
        NativeMessage native = default;
        NativeMessageMapper.ToNative(message, &native);

        Span<byte> buffer = stackalloc byte[MaxPayloadBytes];
        nuint length = 0;
        NativeStatus status;
        fixed (byte* output = buffer)
        {
            status = (NativeStatus)NativeMethods.ProtoEncode(&native, output, (nuint)buffer.Length, &length);
        }
        if (status != NativeStatus.Ok)
        {
            throw new ArgumentException(
                $"The native encoder rejected the {message.Type} message: {status}.", nameof(message));
        }
        return buffer[..(int)length].ToArray();
    }

    /// <summary>Decodes one payload of any of the nine types. Never throws for bad input.</summary>
    public static NativeDecodeResult Decode(ReadOnlySpan<byte> payload) => DecodeCore(payload, 0);

    /// <summary>
    /// Decodes one payload that must be of <paramref name="expectedType"/> (the type its topic names); another
    /// type gives <see cref="NativeStatus.Mismatch"/>. Never throws for bad input.
    /// </summary>
    public static NativeDecodeResult Decode(ReadOnlySpan<byte> payload, MessageType expectedType) =>
        DecodeCore(payload, (uint)expectedType);

    private static unsafe NativeDecodeResult DecodeCore(ReadOnlySpan<byte> payload, uint expectedType)
    {
        EnsureCompatible();
        NativeMessage native = default;
        NativeStatus status;
        fixed (byte* input = payload)
        {
            status = (NativeStatus)NativeMethods.ProtoDecodeExpect(input, (nuint)payload.Length, expectedType, &native);
        }
        return status == NativeStatus.Ok
            ? new NativeDecodeResult(NativeMessageMapper.FromNative(&native), status)
            : new NativeDecodeResult(null, status);
    }

    private static void EnsureCompatible()
    {
        if (LoadedAbiVersion.Value != NativeMethods.ExpectedAbiVersion)
        {
            throw new InvalidOperationException(
                $"libfleetcore ABI {LoadedAbiVersion.Value}, these bindings need {NativeMethods.ExpectedAbiVersion}.");
        }
    }
}
