// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>Result of <see cref="DeviceLivenessEvaluator.Evaluate"/>.</summary>
/// <param name="State">The derived state.</param>
/// <param name="NextWakeAt">When a sleeping device is next due; null otherwise.</param>
/// <param name="OfflineAt">
/// When a sleeping device turns (or turned) offline if nothing arrives: the missed-wake deadline. Null for
/// other states.
/// </param>
/// <param name="MissedWakes">Planned wakes already missed (0 while on time).</param>
public sealed record DeviceLiveness(
    DeviceLivenessState State,
    DateTimeOffset? NextWakeAt,
    DateTimeOffset? OfflineAt,
    int MissedWakes)
{
    /// <summary>The API's name of <see cref="State"/>: <c>online</c>, <c>sleeping</c>, <c>offline</c>, <c>unknown</c>.</summary>
    public string StateName => NameOf(State);

    public static string NameOf(DeviceLivenessState state) => state switch
    {
        DeviceLivenessState.Online => "online",
        DeviceLivenessState.Sleeping => "sleeping",
        DeviceLivenessState.Offline => "offline",
        _ => "unknown",
    };
}
