namespace Fleet.Agent.Ports;

/// <summary>The fuel gauge (native core: fl_hal battery readings).</summary>
public interface IBattery
{
    uint BatteryMv { get; }
    uint SocPm { get; }
    int TemperatureCc { get; }
    uint ChargeUsedUah { get; }
}
