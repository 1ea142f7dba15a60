// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>The config a device last reported (docs/protocol.md type 5), and when it arrived.</summary>
public sealed record StoredReportedConfig(DeviceConfig Config, ConfigApplyResult ApplyResult, DateTimeOffset ReceivedAt);
