// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>The config a device last reported (docs/protocol.md type 5), and when it arrived.</summary>
/// <param name="RejectReason">The device's reason for a rejection (key 12); null if it gave none.</param>
public sealed record StoredReportedConfig(
    DeviceConfig Config, ConfigApplyResult ApplyResult, DateTimeOffset ReceivedAt, string? RejectReason = null);
