// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>
/// The stored form of telemetry key 15: the microcoulombs per <see cref="WakeLedgerState"/>, comma-separated in
/// that order. One text column keeps the telemetry rows narrow; nothing aggregates the ledger in SQL.
/// </summary>
public static class WakeLedgerText
{
    /// <summary>The column value for <paramref name="ledger"/>; null when the device sent none.</summary>
    public static string? Format(IReadOnlyList<uint>? ledger) =>
        ledger is null ? null : string.Join(',', ledger.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The ledger back, keyed by state; null for NULL or a value this build cannot read.</summary>
    public static IReadOnlyList<uint>? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split(',');
        var values = new uint[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
