// SPDX-License-Identifier: MIT
using System.Formats.Cbor;
using System.Text;
using Fleet.Contracts.Cbor;
using Fleet.Contracts.Messages;

namespace Fleet.Contracts.Protocol;

/// <summary>
/// Encoder and decoder of protocol v1 payloads (docs/protocol.md §2–§3): one CBOR map with unsigned keys in the
/// deterministic encoding. Pure, allocation-bounded by <see cref="ProtocolLimits.MaxPayloadBytes"/>, no shared
/// state, safe to call from any thread. For every payload <see cref="Decode"/> accepts,
/// <see cref="Encode"/> of the result gives back the identical bytes.
/// </summary>
public static partial class FleetCodec
{
    /// <summary>
    /// Decodes one payload without a topic. Never throws: every bad input comes back as a failed
    /// <see cref="DecodeResult"/> whose <see cref="DecodeResult.Error"/> is <see cref="DecodeError.Oversized"/>
    /// (more than 4,096 bytes, not parsed), <see cref="DecodeError.Malformed"/> (not well-formed deterministic CBOR,
    /// truncated, trailing bytes, tags or floats), <see cref="DecodeError.UnsupportedVersion"/> (key 0 ≠ 1) or
    /// <see cref="DecodeError.InvalidField"/> (missing, duplicate, out-of-order or unknown key, wrong type, value out
    /// of range; the detail names the key).
    /// </summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> payload) => DecodeCore(payload, null, null);

    /// <summary>
    /// Decodes a payload received on an uplink <paramref name="topic"/> and checks it against the topic. Never
    /// throws. First <see cref="DecodeError.UnknownTopic"/> when the topic is not one of the 6 uplink topics of
    /// §1.1 with a valid device id, then <see cref="DecodeError.Oversized"/> (not parsed); after that the first
    /// error in byte order wins, as in the C decoder: the errors of <see cref="Decode"/>, plus
    /// <see cref="DecodeError.TypeMismatch"/> as soon as key 1 (message type, known or not) differs from the topic's
    /// type or key 2 (device id, compared ordinally) differs from the topic's device. A downlink type can therefore
    /// never be accepted from an uplink topic.
    /// </summary>
    public static DecodeResult DecodeUplink(string topic, ReadOnlySpan<byte> payload)
    {
        if (!Topics.TryParse(topic, out string topicDeviceId, out MessageType topicType) || !Topics.IsUplink(topicType))
        {
            return DecodeResult.Failure(DecodeError.UnknownTopic, $"'{topic}' is not a protocol v1 uplink topic");
        }

        return DecodeCore(payload, topicType, topicDeviceId);
    }

    /// <param name="payload">The bytes as received.</param>
    /// <param name="expectedType">The topic's type, or null: checked as soon as key 1 is read.</param>
    /// <param name="expectedDeviceId">The topic's device id, or null: checked as soon as key 2 is read.</param>
    private static DecodeResult DecodeCore(ReadOnlySpan<byte> payload, MessageType? expectedType,
        string? expectedDeviceId)
    {
        if (payload.Length > ProtocolLimits.MaxPayloadBytes)
        {
            return DecodeResult.Failure(DecodeError.Oversized,
                $"{payload.Length} bytes exceeds the limit of {ProtocolLimits.MaxPayloadBytes}");
        }

        if (payload.IsEmpty)
        {
            return DecodeResult.Failure(DecodeError.Malformed, "empty payload");
        }

        try
        {
            // CborReader needs a ReadOnlyMemory; the copy is at most 4 KiB and keeps the caller's span untouched.
            var reader = new PayloadReader(payload.ToArray());
            return DecodeResult.Success(ReadMessage(reader, expectedType, expectedDeviceId));
        }
        catch (PayloadRejectedException ex)
        {
            return DecodeResult.Failure(ex.Error, ex.Message);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException
                                       or DecoderFallbackException or FormatException)
        {
            // The library's own well-formedness and conformance errors (truncation, non-shortest integers,
            // indefinite lengths, tags, reserved headers) are all "not deterministic CBOR".
            return DecodeResult.Failure(DecodeError.Malformed, ex.Message);
        }
    }
}
