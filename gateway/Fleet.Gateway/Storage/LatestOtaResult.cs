// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>The most recent OTA result (docs/protocol.md type 9) a device reported.</summary>
public sealed record LatestOtaResult(string DeviceId, uint OfferId, OtaResultCode Code, DateTimeOffset ReceivedAt);
