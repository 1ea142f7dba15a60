namespace Fleet.Contracts.Messages;

/// <summary>Type 2, <c>up/telemetry</c>: battery and health of one wake.</summary>
/// <remarks>
/// <see cref="WakeLedgerUc"/> is the optional key 15: the charge in microcoulombs per state of the wake that sent
/// it, in the fixed order of <see cref="WakeLedgerState"/> (docs/protocol.md); null when the device did not send
/// one. When present it has exactly <see cref="Protocol.ProtocolLimits.WakeLedgerStates"/> entries.
/// <see cref="DroppedTelemetry"/> and <see cref="DroppedDetections"/> are the optional keys 16 and 17: how many
/// queued items of each kind the device dropped since it was provisioned (running totals kept across reboots);
/// null when the device does not report them.
/// </remarks>
public sealed record Telemetry(
    string DeviceId,
    uint Sequence,
    ulong DeviceTimeMs,
    ushort BatteryMv,
    ushort SocPm,
    short TemperatureCc,
    uint ChargeUsedUah,
    uint WakeCount,
    uint UptimeS,
    string FirmwareVersion,
    string ModelId,
    uint ModelVersion,
    sbyte RssiDbm,
    IReadOnlyList<uint>? WakeLedgerUc = null,
    uint? DroppedTelemetry = null,
    uint? DroppedDetections = null) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.Telemetry;

    // Records compare lists by reference; messages must compare by content (decode == original).
    public bool Equals(Telemetry? other) =>
        other is not null && base.Equals(other) && Sequence == other.Sequence && DeviceTimeMs == other.DeviceTimeMs
        && BatteryMv == other.BatteryMv && SocPm == other.SocPm && TemperatureCc == other.TemperatureCc
        && ChargeUsedUah == other.ChargeUsedUah && WakeCount == other.WakeCount && UptimeS == other.UptimeS
        && FirmwareVersion == other.FirmwareVersion && ModelId == other.ModelId && ModelVersion == other.ModelVersion
        && RssiDbm == other.RssiDbm && DroppedTelemetry == other.DroppedTelemetry
        && DroppedDetections == other.DroppedDetections
        && (WakeLedgerUc is null
            ? other.WakeLedgerUc is null
            : other.WakeLedgerUc is not null && WakeLedgerUc.SequenceEqual(other.WakeLedgerUc));

    public override int GetHashCode() => HashCode.Combine(DeviceId, Sequence, DeviceTimeMs, WakeCount, ModelId);
}
