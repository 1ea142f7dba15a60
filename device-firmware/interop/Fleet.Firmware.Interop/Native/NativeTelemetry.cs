using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_telemetry_t</c> (type 2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeTelemetry
{
    public ulong DeviceTimeMs;
    public uint Seq;
    public uint ChargeUsedUah;
    public uint WakeCount;
    public uint UptimeS;
    public uint ModelVersion;
    public ushort BatteryMv;
    public ushort SocPm;
    public short TemperatureCc;
    public sbyte RssiDbm;
    public fixed byte FirmwareVersion[24];
    public fixed byte ModelId[32];
    public byte WakeLedgerCount;          // 0: key 15 absent; 8: present
    public fixed uint WakeLedgerUc[8];    // microcoulombs per fl_ledger_state_t
    public byte HasDroppedTelemetry;      // key 16: 1 present, 0 absent
    public byte HasDroppedDetections;     // key 17
    public uint DroppedTelemetry;
    public uint DroppedDetections;
}
