// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Alerts;

/// <summary>A stored alert: open while <see cref="ClearedAt"/> is null.</summary>
/// <param name="Id">Store id, increasing.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Severity">Severity when raised.</param>
/// <param name="RaisedAt">When the condition was first seen (gateway clock).</param>
/// <param name="ClearedAt">When it was seen to have ended; null while open.</param>
/// <param name="Detail">The line written when it was raised.</param>
public sealed record AlertRecord(
    long Id,
    string DeviceId,
    AlertKind Kind,
    AlertSeverity Severity,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt,
    string Detail)
{
    public bool IsOpen => ClearedAt is null;
}
