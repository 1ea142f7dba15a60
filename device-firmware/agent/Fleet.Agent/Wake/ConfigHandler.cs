using Fleet.Agent.Config;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;

namespace Fleet.Agent.Wake;

/// <summary>Applies a delivered desired config all or nothing and records what to report (docs/protocol.md step 5).</summary>
public sealed class ConfigHandler
{
    private const int DecodedQuietAbsent = AgentCodec.QuietHoursAbsent;

    private readonly AgentOptions _options;
    private readonly ConfigValidator _validator;

    public ConfigHandler(AgentOptions options)
    {
        _options = options;
        _validator = new ConfigValidator(options);
    }

    /// <summary>Decides on <paramref name="payload"/>; returns false when there was nothing new to act on.</summary>
    public bool Handle(AgentState state, byte[] payload, ModelStoreStatus models, WakeReport report)
    {
        if (payload.Length == 0)
        {
            return false;
        }
        ConfigDecision decision;
        try
        {
            DeviceSettings candidate = AgentCodec.DecodeDesiredConfig(_options.DeviceId, payload);
            if (state.HasHandledDesired && candidate.ConfigVersion == state.LastDesiredVersion && !state.ConfigReportPending)
            {
                return false;
            }
            if (candidate.QuietStartMin == DecodedQuietAbsent)
            {
                // The gateway did not send keys 13/14: the quiet hours in force (provisioned or applied) stay.
                candidate.QuietStartMin = state.Settings.QuietStartMin;
                candidate.QuietEndMin = state.Settings.QuietEndMin;
            }
            decision = _validator.Decide(candidate, state.Settings, models);
            state.LastDesiredVersion = candidate.ConfigVersion;
        }
        catch (ProtocolException e)
        {
            decision = new ConfigDecision(ConfigApplyResult.RejectedInvalid, e.Message, state.Settings);
        }
        state.HasHandledDesired = true;
        state.Settings = decision.Settings;
        state.ConfigApplyResult = (uint)decision.ApplyResult;
        state.ConfigRejectReason = decision.Reason;
        state.ConfigReportPending = true;
        report.ConfigResult = decision.ApplyResult;
        report.ConfigReason = decision.Reason;
        return true;
    }
}
