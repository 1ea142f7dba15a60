namespace Fleet.Agent.Ports;

/// <summary>The hardware random number generator: back-off jitter and sequence numbers after a cold boot.</summary>
public interface IRandomSource
{
    uint NextUInt();
}
