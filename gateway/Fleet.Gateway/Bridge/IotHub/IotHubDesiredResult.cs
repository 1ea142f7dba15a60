// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// Outcome of mapping twin desired properties: a config (version 0, the store assigns one), no Fleet fields at
/// all (<see cref="Config"/> and <see cref="Errors"/> both empty), or the field errors by JSON name.
/// </summary>
public sealed record IotHubDesiredResult(DeviceConfig? Config, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsSuccess => Config is not null && Errors.Count == 0;

    public bool IsEmpty => Config is null && Errors.Count == 0;
}
