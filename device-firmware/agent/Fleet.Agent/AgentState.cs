using System;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;
using Fleet.Agent.Storage;

namespace Fleet.Agent;

/// <summary>
/// Everything the agent must remember across sleeps and reboots, saved as one CRC-checked record. A lost or
/// damaged record means a cold boot: counters restart from the hardware RNG (docs/protocol.md §1.2).
/// </summary>
public sealed class AgentState
{
    public const string RecordName = "agent-state";
    private const uint FormatVersion = 1;

    public uint DetectionSeq { get; set; }
    public uint TelemetrySeq { get; set; }
    public uint StatusSeq { get; set; }
    public uint WakeCount { get; set; }
    public DeviceSettings Settings { get; set; } = new DeviceSettings();

    public uint LastDesiredVersion { get; set; }
    public bool HasHandledDesired { get; set; }
    public bool ConfigReportPending { get; set; }
    public uint ConfigApplyResult { get; set; }
    public string ConfigRejectReason { get; set; } = "";

    public uint ConsecutiveFailures { get; set; }
    public ulong NextAttemptUnixMs { get; set; }
    public ulong RetryWindowStartMs { get; set; }
    public ulong RetryEnergyInWindowUj { get; set; }
    public ulong RetryEnergyTotalUj { get; set; }
    public uint FailedAttempts { get; set; }
    public ulong RadioEnergyTotalUj { get; set; }

    public uint DroppedTelemetry { get; set; }
    public uint DroppedDetections { get; set; }

    public bool HasOffer { get; set; }
    public OtaOfferInfo Offer { get; set; } = new OtaOfferInfo();
    public bool HasDoneOffer { get; set; }
    public uint DoneOfferId { get; set; }
    public bool ResultPending { get; set; }
    public uint ResultOfferId { get; set; }
    public uint ResultCode { get; set; }
    public bool AwaitingConfirm { get; set; }
    public uint ActivatedOfferId { get; set; }
    public uint OtaRefusedLowBattery { get; set; }

    /// <summary>True when this state came from a cold boot (no usable record).</summary>
    public bool ColdBoot { get; private set; }

    public static AgentState Load(IStateStore store, IRandomSource random, DeviceSettings initial)
    {
        byte[]? data = store.Load(RecordName);
        if (data != null)
        {
            try
            {
                return Read(new RecordReader(data));
            }
            catch (FormatException)
            {
                // Damaged: fall through to a cold boot rather than run on half a state.
            }
        }
        var s = new AgentState();
        s.ColdBoot = true;
        s.DetectionSeq = random.NextUInt();
        s.TelemetrySeq = random.NextUInt();
        s.StatusSeq = random.NextUInt();
        s.Settings = initial.Copy();
        return s;
    }

    public void Save(IStateStore store)
    {
        var w = new RecordWriter();
        w.U32(FormatVersion);
        w.U32(DetectionSeq); w.U32(TelemetrySeq); w.U32(StatusSeq); w.U32(WakeCount);
        WriteSettings(w, Settings);
        w.U32(LastDesiredVersion); w.Bool(HasHandledDesired); w.Bool(ConfigReportPending);
        w.U32(ConfigApplyResult); w.Text(ConfigRejectReason);
        w.U32(ConsecutiveFailures); w.U64(NextAttemptUnixMs); w.U64(RetryWindowStartMs);
        w.U64(RetryEnergyInWindowUj); w.U64(RetryEnergyTotalUj); w.U32(FailedAttempts); w.U64(RadioEnergyTotalUj);
        w.U32(DroppedTelemetry); w.U32(DroppedDetections);
        w.Bool(HasOffer);
        w.U32(Offer.OfferId); w.Text(Offer.ModelId); w.U32(Offer.ModelVersion); w.U32(Offer.SizeBytes);
        w.Bytes(Offer.Sha256); w.U32(Offer.ChunkSize); w.Bytes(Offer.Signature);
        w.Bool(HasDoneOffer); w.U32(DoneOfferId);
        w.Bool(ResultPending); w.U32(ResultOfferId); w.U32(ResultCode);
        w.Bool(AwaitingConfirm); w.U32(ActivatedOfferId); w.U32(OtaRefusedLowBattery);
        store.Save(RecordName, w.ToArrayWithCrc());
    }

    private static AgentState Read(RecordReader r)
    {
        if (r.U32() != FormatVersion)
        {
            throw new FormatException("unknown state format");
        }
        var s = new AgentState();
        s.DetectionSeq = r.U32(); s.TelemetrySeq = r.U32(); s.StatusSeq = r.U32(); s.WakeCount = r.U32();
        s.Settings = ReadSettings(r);
        s.LastDesiredVersion = r.U32(); s.HasHandledDesired = r.Bool(); s.ConfigReportPending = r.Bool();
        s.ConfigApplyResult = r.U32(); s.ConfigRejectReason = r.Text();
        s.ConsecutiveFailures = r.U32(); s.NextAttemptUnixMs = r.U64(); s.RetryWindowStartMs = r.U64();
        s.RetryEnergyInWindowUj = r.U64(); s.RetryEnergyTotalUj = r.U64(); s.FailedAttempts = r.U32(); s.RadioEnergyTotalUj = r.U64();
        s.DroppedTelemetry = r.U32(); s.DroppedDetections = r.U32();
        s.HasOffer = r.Bool();
        var o = new OtaOfferInfo();
        o.OfferId = r.U32(); o.ModelId = r.Text(); o.ModelVersion = r.U32(); o.SizeBytes = r.U32();
        o.Sha256 = r.Bytes(); o.ChunkSize = r.U32(); o.Signature = r.Bytes();
        s.Offer = o;
        s.HasDoneOffer = r.Bool(); s.DoneOfferId = r.U32();
        s.ResultPending = r.Bool(); s.ResultOfferId = r.U32(); s.ResultCode = r.U32();
        s.AwaitingConfirm = r.Bool(); s.ActivatedOfferId = r.U32(); s.OtaRefusedLowBattery = r.U32();
        return s;
    }

    private static void WriteSettings(RecordWriter w, DeviceSettings s)
    {
        w.U32(s.ConfigVersion); w.U32(s.WakeIntervalS); w.U32(s.TelemetryEvery); w.U32(s.ScoreThresholdPmy);
        w.U32(s.Detector); w.Text(s.ModelId); w.U32(s.ModelVersion); w.Bool(s.ReportEmpty);
        w.I32(s.QuietStartMin); w.I32(s.QuietEndMin);
    }

    private static DeviceSettings ReadSettings(RecordReader r)
    {
        var s = new DeviceSettings();
        s.ConfigVersion = r.U32(); s.WakeIntervalS = r.U32(); s.TelemetryEvery = r.U32(); s.ScoreThresholdPmy = r.U32();
        s.Detector = r.U32(); s.ModelId = r.Text(); s.ModelVersion = r.U32(); s.ReportEmpty = r.Bool();
        s.QuietStartMin = r.I32(); s.QuietEndMin = r.I32();
        return s;
    }
}
