namespace Fleet.Contracts.Messages;

/// <summary>Type 2, <c>up/telemetry</c>: battery and health of one wake.</summary>
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
    sbyte RssiDbm) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.Telemetry;
}
