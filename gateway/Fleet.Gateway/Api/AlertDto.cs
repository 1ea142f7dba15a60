// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>One alert.</summary>
/// <param name="Id">Alert id.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Kind"><c>lowBattery</c>, <c>batteryEmptySoon</c>, <c>offline</c> or <c>updateFailed</c>.</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>critical</c>.</param>
/// <param name="RaisedAt">When the condition was first seen (UTC).</param>
/// <param name="ClearedAt">When it ended (UTC); null while open.</param>
/// <param name="Open">Whether it is still open.</param>
/// <param name="Detail">One line for the operator.</param>
public sealed record AlertDto(
    long Id, string DeviceId, string Kind, string Severity, DateTime RaisedAt, DateTime? ClearedAt, bool Open,
    string Detail);
