using Fleet.Agent.Ports;

namespace Fleet.Agent.Host;

/// <summary>
/// <see cref="IBattery"/> for a host run: the readings the simulator's battery model (or a test) sets, since a
/// PC has no fuel gauge.
/// </summary>
public sealed class HostBattery : IBattery
{
    public uint BatteryMv { get; set; } = 3900;
    public uint SocPm { get; set; } = 800;
    public int TemperatureCc { get; set; } = 2100;
    public uint ChargeUsedUah { get; set; }
}
