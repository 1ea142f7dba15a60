// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Api;

/// <summary>The charge per state of the wake before a device's latest telemetry that carried a ledger (key 15).</summary>
/// <param name="ReceivedAt">When that telemetry arrived (UTC).</param>
/// <param name="ChargeUc">Microcoulombs per state, keyed by the camelCase <see cref="WakeLedgerState"/> name
/// (<c>sleep</c>, <c>wake</c>, <c>sensorWarmup</c>, <c>capture</c>, <c>detect</c>, <c>radioConnect</c>,
/// <c>radioTx</c>, <c>radioRx</c>), in that order.</param>
/// <param name="TotalUc">Their sum.</param>
public sealed record WakeLedgerDto(DateTime? ReceivedAt, IReadOnlyDictionary<string, long> ChargeUc, long TotalUc)
{
    /// <summary>The DTO for a stored ledger; null for none.</summary>
    public static WakeLedgerDto? Of(IReadOnlyList<uint>? ledger, DateTime? receivedAt)
    {
        if (ledger is null)
        {
            return null;
        }

        var byState = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < ledger.Count; i++)
        {
            // An index this build has no name for (a newer device) keeps its number instead of being lost.
            var name = Enum.IsDefined((WakeLedgerState)i)
                ? JsonNamingPolicy.CamelCase.ConvertName(((WakeLedgerState)i).ToString())
                : $"state{i}";
            byState[name] = ledger[i];
        }

        return new WakeLedgerDto(receivedAt, byState, byState.Values.Sum());
    }
}
