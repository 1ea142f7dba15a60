using Fleet.Agent.Protocol;

namespace Fleet.Agent.Config;

/// <summary>The validator's verdict on one desired config: all of it or none of it.</summary>
public sealed class ConfigDecision
{
    public ConfigDecision(int applyResult, string reason, DeviceSettings settings)
    {
        ApplyResult = applyResult;
        Reason = reason;
        Settings = settings;
    }

    /// <summary>A <see cref="ConfigApplyResult"/> value.</summary>
    public int ApplyResult { get; }

    /// <summary>Every problem found, separated by "; " (empty when applied).</summary>
    public string Reason { get; }

    /// <summary>The settings to run from now on: the candidate when applied, the unchanged current ones when not.</summary>
    public DeviceSettings Settings { get; }

    public bool Applied => ApplyResult == ConfigApplyResult.Applied;
}
