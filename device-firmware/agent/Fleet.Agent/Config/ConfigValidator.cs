using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;

namespace Fleet.Agent.Config;

/// <summary>
/// Checks every field of a desired config against the protocol's ranges and this device's abilities, and decides
/// all or nothing (docs/agent.md, "Configuration"). It never changes the current settings; the caller swaps
/// them in only when the decision is Applied.
/// </summary>
public sealed class ConfigValidator
{
    private readonly AgentOptions _options;

    public ConfigValidator(AgentOptions options)
    {
        _options = options;
    }

    public ConfigDecision Decide(DeviceSettings candidate, DeviceSettings current, ModelStoreStatus models)
    {
        string reasons = "";
        if (candidate.WakeIntervalS < _options.MinWakeIntervalS || candidate.WakeIntervalS > 86400)
        {
            reasons = Add(reasons, "wake_interval_s " + candidate.WakeIntervalS + " outside " + _options.MinWakeIntervalS + "-86400");
        }
        if (candidate.TelemetryEvery < 1 || candidate.TelemetryEvery > 1000)
        {
            reasons = Add(reasons, "telemetry_every " + candidate.TelemetryEvery + " outside 1-1000");
        }
        if (candidate.ScoreThresholdPmy > 10000)
        {
            reasons = Add(reasons, "score_threshold_pmy " + candidate.ScoreThresholdPmy + " above 10000");
        }
        if (candidate.Detector >= DetectorKinds.Count)
        {
            reasons = Add(reasons, "detector " + candidate.Detector + " unknown");
        }
        else if ((_options.SupportedDetectors & DetectorKinds.Bit(candidate.Detector)) == 0)
        {
            reasons = Add(reasons, "detector " + candidate.Detector + " not supported by this device");
        }
        if (!IsIdText(candidate.ModelId))
        {
            reasons = Add(reasons, "model_id not 0-31 characters of [A-Za-z0-9._-]");
        }
        else if (candidate.Detector < DetectorKinds.Count && DetectorKinds.NeedsModel(candidate.Detector) && candidate.ModelId.Length == 0)
        {
            reasons = Add(reasons, "detector " + candidate.Detector + " needs a model_id");
        }
        reasons = CheckQuietHours(reasons, candidate);
        if (reasons.Length > 0)
        {
            return new ConfigDecision(ConfigApplyResult.RejectedInvalid, reasons, current);
        }
        if (candidate.ModelId.Length > 0
            && (candidate.ModelId != models.ActiveModelId || candidate.ModelVersion != models.ActiveVersion))
        {
            return new ConfigDecision(ConfigApplyResult.RejectedModelMissing,
                "model " + candidate.ModelId + " v" + candidate.ModelVersion + " is not the active model ("
                + models.ActiveModelId + " v" + models.ActiveVersion + ")", current);
        }
        return new ConfigDecision(ConfigApplyResult.Applied, "", candidate.Copy());
    }

    private string CheckQuietHours(string reasons, DeviceSettings s)
    {
        bool startOff = s.QuietStartMin == DeviceSettings.NoQuietHours;
        bool endOff = s.QuietEndMin == DeviceSettings.NoQuietHours;
        if (startOff && endOff)
        {
            return reasons;
        }
        if (startOff || endOff)
        {
            return Add(reasons, "quiet hours need both a start and an end");
        }
        if (s.QuietStartMin < 0 || s.QuietStartMin > 1439)
        {
            reasons = Add(reasons, "quiet_start_min " + s.QuietStartMin + " outside 0-1439");
        }
        if (s.QuietEndMin < 0 || s.QuietEndMin > 1439)
        {
            reasons = Add(reasons, "quiet_end_min " + s.QuietEndMin + " outside 0-1439");
        }
        if (reasons.Length > 0 && (s.QuietStartMin < 0 || s.QuietStartMin > 1439 || s.QuietEndMin < 0 || s.QuietEndMin > 1439))
        {
            return reasons;
        }
        if (s.QuietStartMin == s.QuietEndMin)
        {
            reasons = Add(reasons, "quiet hours start and end are equal");
        }
        else
        {
            int quiet = s.QuietStartMin < s.QuietEndMin ? s.QuietEndMin - s.QuietStartMin : 1440 - s.QuietStartMin + s.QuietEndMin;
            if (quiet > _options.MaxQuietMinutes)
            {
                // A device quiet most of the day would miss its own config and OTA for too long.
                reasons = Add(reasons, "quiet hours last " + quiet + " min, more than " + _options.MaxQuietMinutes);
            }
        }
        return reasons;
    }

    private static string Add(string reasons, string reason) => reasons.Length == 0 ? reason : reasons + "; " + reason;

    internal static bool IsIdText(string text)
    {
        if (text.Length > 31)
        {
            return false;
        }
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
