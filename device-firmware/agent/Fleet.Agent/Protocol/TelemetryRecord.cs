namespace Fleet.Agent.Protocol;

/// <summary>Battery and health of one wake (docs/protocol.md type 2 without seq and device id).</summary>
public sealed class TelemetryRecord
{
    public ulong DeviceTimeMs { get; set; }
    public uint BatteryMv { get; set; }
    public uint SocPm { get; set; }
    public int TemperatureCc { get; set; }
    public uint ChargeUsedUah { get; set; }
    public uint WakeCount { get; set; }
    public uint UptimeS { get; set; }
    public string FirmwareVersion { get; set; } = "";
    public string ModelId { get; set; } = "";
    public uint ModelVersion { get; set; }
    public int RssiDbm { get; set; }

    /// <summary>
    /// Key 15: charge in µC of each state of the last complete wake, in the order of docs/protocol.md (0 sleep, the
    /// sleep that ended with that wake, then wake-up, warm-up, capture, detect, radio connect, transmit, receive);
    /// exactly <see cref="MessageTypes.WakeLedgerStates"/> entries, or null (key omitted) when the platform measures
    /// none.
    /// </summary>
    public uint[]? WakeLedgerUc { get; set; }

    /// <summary>Telemetry the queue dropped since provisioning (key 16; running total kept across reboots).</summary>
    public uint DroppedTelemetry { get; set; }

    /// <summary>Detections the queue dropped since provisioning (key 17).</summary>
    public uint DroppedDetections { get; set; }
}
