// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Cbor;

/// <summary>
/// Unwinds a decode at the first rule a payload breaks. It never leaves <see cref="FleetCodec"/>, which turns it
/// into a <see cref="DecodeResult"/>; it exists so that each field read is one line instead of a Try-chain.
/// </summary>
internal sealed class PayloadRejectedException(DecodeError error, string detail) : Exception(detail)
{
    /// <summary>The §4 reason.</summary>
    public DecodeError Error { get; } = error;
}
