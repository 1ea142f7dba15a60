// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>The desired config the operator last set for a device, and when.</summary>
public sealed record StoredDesiredConfig(DeviceConfig Config, DateTimeOffset UpdatedAt);
