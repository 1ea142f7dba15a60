namespace Fleet.Agent.Ports;

/// <summary>Small named records that survive reboots (flash, or RTC backup registers for counters).</summary>
public interface IStateStore
{
    /// <summary>The record last saved under <paramref name="name"/>, or null when there is none.</summary>
    byte[]? Load(string name);

    /// <summary>Saves <paramref name="data"/> under <paramref name="name"/>, atomically (old or new, never half).</summary>
    void Save(string name, byte[] data);
}
