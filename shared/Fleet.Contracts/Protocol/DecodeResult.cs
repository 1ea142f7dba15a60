// SPDX-License-Identifier: MIT
using System.Diagnostics.CodeAnalysis;
using Fleet.Contracts.Messages;

namespace Fleet.Contracts.Protocol;

/// <summary>
/// Outcome of <see cref="FleetCodec.Decode"/> or <see cref="FleetCodec.DecodeUplink"/>: either a
/// <see cref="Message"/> with <see cref="Error"/> = <see cref="DecodeError.None"/>, or no message, the rejection
/// reason (docs/protocol.md §4) and a human-readable <see cref="Detail"/> naming the offending key. A rejected
/// payload is an expected outcome, not an exception.
/// </summary>
/// <param name="Message">The decoded message; null when rejected.</param>
/// <param name="Error">The rejection reason; <see cref="DecodeError.None"/> on success.</param>
/// <param name="Detail">Why it was rejected, e.g. <c>key 6 (soc_pm): 1001 is outside 0–1000</c>; null on success.</param>
public sealed record DecodeResult(FleetMessage? Message, DecodeError Error, string? Detail)
{
    /// <summary>True when the payload was accepted; <see cref="Message"/> is then not null.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    public bool IsSuccess => Error == DecodeError.None && Message is not null;

    /// <summary>An accepted payload.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static DecodeResult Success(FleetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new DecodeResult(message, DecodeError.None, null);
    }

    /// <summary>A rejected payload.</summary>
    /// <exception cref="ArgumentException"><paramref name="error"/> is <see cref="DecodeError.None"/>.</exception>
    public static DecodeResult Failure(DecodeError error, string detail)
    {
        if (error == DecodeError.None)
        {
            throw new ArgumentException("A failure needs a reason other than None.", nameof(error));
        }

        return new DecodeResult(null, error, detail);
    }
}
