namespace Fleet.Agent.Config;

/// <summary>Values of reported config key 11 (docs/protocol.md type 5).</summary>
public static class ConfigApplyResult
{
    public const int Applied = 0;
    public const int RejectedInvalid = 1;
    public const int RejectedModelMissing = 2;
}
