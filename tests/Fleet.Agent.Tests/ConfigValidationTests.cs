using Fleet.Agent.Config;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;
using Fleet.Agent.Wake;

namespace Fleet.Agent.Tests;

/// <summary>Every field of a desired config is checked; a config is applied whole or not at all, with the reason.</summary>
public sealed class ConfigValidationTests
{
    private static readonly AgentOptions Options = new() { DeviceId = "cam-1", SupportedDetectors = 0b1011 };

    private static ModelStoreStatus Models() => new() { ActiveModelId = "smile.v2", ActiveVersion = 2 };

    private static DeviceSettings Good() => new()
    {
        ConfigVersion = 7, WakeIntervalS = 600, TelemetryEvery = 6, ScoreThresholdPmy = 6000, Detector = 1,
        ModelId = "smile.v2", ModelVersion = 2, ReportEmpty = true, QuietStartMin = 1320, QuietEndMin = 360,
    };

    public static TheoryData<string, string> BadValues => new()
    {
        { "wake_interval_s=0", "wake_interval_s 0 outside 10-86400" },
        { "wake_interval_s=5", "wake_interval_s 5 outside 10-86400" },
        { "wake_interval_s=86401", "wake_interval_s 86401 outside 10-86400" },
        { "telemetry_every=0", "telemetry_every 0 outside 1-1000" },
        { "telemetry_every=1001", "telemetry_every 1001 outside 1-1000" },
        { "score_threshold_pmy=10001", "score_threshold_pmy 10001 above 10000" },
        { "detector=4", "detector 4 unknown" },
        { "detector=2", "detector 2 not supported by this device" },
        { "model_id=bad id", "model_id not 0-31 characters of [A-Za-z0-9._-]" },
        { "model_id=" + new string('m', 32), "model_id not 0-31 characters of [A-Za-z0-9._-]" },
        { "detector=3,model_id=", "detector 3 needs a model_id" },
        { "quiet=60,-1", "quiet hours need both a start and an end" },
        { "quiet=1440,60", "quiet_start_min 1440 outside 0-1439" },
        { "quiet=60,2000", "quiet_end_min 2000 outside 0-1439" },
        { "quiet=300,300", "quiet hours start and end are equal" },
        { "quiet=0,1000", "quiet hours last 1000 min, more than 720" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void EachBadValue_IsRejectedWithItsReason_AndNothingChanges(string change, string reason)
    {
        DeviceSettings current = AgentOptions.DefaultSettings();
        DeviceSettings candidate = Apply(Good(), change);
        ConfigDecision decision = new ConfigValidator(Options).Decide(candidate, current, Models());
        Assert.Equal(ConfigApplyResult.RejectedInvalid, decision.ApplyResult);
        Assert.Equal(reason, decision.Reason);
        Assert.Same(current, decision.Settings);
        Assert.True(current.SameAs(AgentOptions.DefaultSettings()));
    }

    [Fact]
    public void GoodConfig_IsAppliedWhole()
    {
        ConfigDecision decision = new ConfigValidator(Options).Decide(Good(), AgentOptions.DefaultSettings(), Models());
        Assert.True(decision.Applied, decision.Reason);
        Assert.True(decision.Settings.SameAs(Good()));
    }

    [Fact]
    public void SeveralBadFields_AreAllNamed()
    {
        DeviceSettings candidate = Apply(Apply(Good(), "telemetry_every=0"), "detector=9");
        ConfigDecision decision = new ConfigValidator(Options).Decide(candidate, AgentOptions.DefaultSettings(), Models());
        Assert.Equal("telemetry_every 0 outside 1-1000; detector 9 unknown", decision.Reason);
    }

    [Fact]
    public void ModelNotInTheSlots_IsRejectedAsModelMissing()
    {
        DeviceSettings candidate = Good();
        candidate.ModelVersion = 3;
        ConfigDecision decision = new ConfigValidator(Options).Decide(candidate, AgentOptions.DefaultSettings(), Models());
        Assert.Equal(ConfigApplyResult.RejectedModelMissing, decision.ApplyResult);
        Assert.Contains("smile.v2 v3 is not the active model", decision.Reason);
    }

    [Fact]
    public void DecodedFromTheWire_GoodFieldsBesideABadOne_AreNotAppliedEither()
    {
        // Through the handler, as a delivered payload: wake interval and threshold are fine, telemetry_every is not.
        var state = new AgentState { Settings = AgentOptions.DefaultSettings() };
        var desired = new Fleet.Contracts.Messages.DeviceConfig(9, 900, 1, 7000, Fleet.Contracts.Messages.DetectorKind.Face, "", 0, true);
        byte[] payload = Fleet.Contracts.Protocol.FleetCodec.Encode(new Fleet.Contracts.Messages.DesiredConfig("cam-1", desired));
        // The gateway's encoder refuses telemetry_every 0, so patch it in: key 5, value 1, key 6 becomes value 0.
        int at = payload.AsSpan().IndexOf(new byte[] { 0x05, 0x01, 0x06 });
        Assert.True(at > 0);
        payload[at + 1] = 0x00;
        var report = new WakeReport();
        Assert.True(new ConfigHandler(Options).Handle(state, payload, Models(), report));
        Assert.Equal(ConfigApplyResult.RejectedInvalid, report.ConfigResult);
        Assert.Equal("telemetry_every 0 outside 1-1000", report.ConfigReason);
        Assert.True(state.Settings.SameAs(AgentOptions.DefaultSettings()));
        Assert.True(state.ConfigReportPending);
    }

    [Fact]
    public void MalformedPayload_IsRejectedWithTheDecodersReason()
    {
        var state = new AgentState { Settings = AgentOptions.DefaultSettings() };
        var report = new WakeReport();
        new ConfigHandler(Options).Handle(state, [0xA1, 0x00, 0x18, 0x01], Models(), report); // 1 encoded in two bytes
        Assert.Equal(ConfigApplyResult.RejectedInvalid, report.ConfigResult);
        Assert.StartsWith("malformed", report.ConfigReason);
        Assert.True(state.Settings.SameAs(AgentOptions.DefaultSettings()));
    }

    private static DeviceSettings Apply(DeviceSettings s, string change)
    {
        foreach (string part in change.Split(','))
        {
            if (part.StartsWith("quiet=", StringComparison.Ordinal))
            {
                continue;
            }
            string[] kv = part.Split('=');
            switch (kv[0])
            {
                case "wake_interval_s": s.WakeIntervalS = uint.Parse(kv[1]); break;
                case "telemetry_every": s.TelemetryEvery = uint.Parse(kv[1]); break;
                case "score_threshold_pmy": s.ScoreThresholdPmy = uint.Parse(kv[1]); break;
                case "detector": s.Detector = uint.Parse(kv[1]); break;
                case "model_id": s.ModelId = kv[1]; break;
                default: if (!int.TryParse(kv[0], out _)) { throw new ArgumentException(part); } break;
            }
        }
        if (change.StartsWith("quiet=", StringComparison.Ordinal))
        {
            string[] q = change["quiet=".Length..].Split(',');
            s.QuietStartMin = int.Parse(q[0]);
            s.QuietEndMin = int.Parse(q[1]);
        }
        return s;
    }
}
