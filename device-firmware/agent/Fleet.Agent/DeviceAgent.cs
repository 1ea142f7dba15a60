using Fleet.Agent.Ports;
using Fleet.Agent.Power;
using Fleet.Agent.Protocol;
using Fleet.Agent.Queue;
using Fleet.Agent.Wake;

namespace Fleet.Agent;

/// <summary>
/// The device agent: one <see cref="RunWake"/> per wake (docs/agent.md). It senses through the native core,
/// queues what it found in flash, and, when the radio may be used, runs the wake sequence of docs/protocol.md
/// §1.2 within the wake's radio budget. Everything it must remember is in flash before the radio is touched, so
/// a power cut at any point loses at most the current wake's unsent status.
/// </summary>
public sealed class DeviceAgent
{
    private const int StateOffline = 0;
    private const int StateOnline = 1;
    private const int StateSleeping = 2;

    private readonly AgentOptions _options;
    private readonly INativeCore _core;
    private readonly IMqttLink _link;
    private readonly IStateStore _store;
    private readonly BackoffPolicy _backoff;
    private readonly ConfigHandler _config;
    private readonly AgentTopics _topics;
    private uint _seenDroppedTelemetry;
    private uint _seenDroppedDetections;

    public DeviceAgent(AgentOptions options, INativeCore core, IMqttLink link, IQueueStorage queueStorage, IStateStore store, IRandomSource random)
    {
        _options = options;
        _core = core;
        _link = link;
        _store = store;
        _topics = new AgentTopics(options.DeviceId);
        _backoff = new BackoffPolicy(options, random);
        _config = new ConfigHandler(options);
        State = AgentState.Load(store, random, options.InitialSettings);
        Queue = new FlashQueue(queueStorage, options.QueueMaxBytes, options.QueueMaxItems);
        AccountDrops();
    }

    public AgentState State { get; }

    public FlashQueue Queue { get; }

    public DeviceSettings Settings => State.Settings;

    /// <summary>One wake: sense, queue, and (radio permitting) report and take what the gateway left.</summary>
    public WakeReport RunWake()
    {
        var report = new WakeReport();
        State.WakeCount++;
        Sense();
        State.Save(_store);

        report.NextWakeS = State.Settings.WakeIntervalS;
        ulong now = _core.Clock.UnixTimeMs;
        int minuteOfDay = (int)(now / 60000UL % 1440UL);
        string skip = State.Settings.IsQuiet(minuteOfDay) ? "quiet hours" : _backoff.MayAttempt(State, now);
        if (skip.Length > 0)
        {
            report.RadioSkipped = skip;
            report.QueueLeft = Queue.Count;
            State.Save(_store);
            return report;
        }
        RadioSession(report, now);
        report.NextWakeS = State.Settings.WakeIntervalS;
        report.QueueLeft = Queue.Count;
        State.Save(_store);
        return report;
    }

    private void Sense()
    {
        IModelStore models = _core.Models;
        DetectionRecord? detection = _core.Sense(State.Settings);
        bool faulted = _core.TakeModelFault();
        bool rolledBack = faulted ? models.ReportFault() == OtaTransfer.RolledBack : models.Status.RolledBack;
        if (rolledBack && State.AwaitingConfirm)
        {
            // The new model is gone again (faults, or boots on trial without a confirm): tell the gateway.
            State.AwaitingConfirm = false;
            OtaTransfer.QueueResult(State, State.ActivatedOfferId, OtaTransfer.RolledBack);
        }
        else if (!faulted && State.AwaitingConfirm)
        {
            // The new model ran a whole sensing pass without a fault: keep it.
            models.Confirm();
            State.AwaitingConfirm = false;
        }
        if (detection != null && (detection.Boxes.Length > 0 || State.Settings.ReportEmpty))
        {
            Queue.Enqueue(MessageTypes.Detection, AgentCodec.EncodeDetection(_options.DeviceId, State.DetectionSeq++, detection));
        }
        if (State.Settings.TelemetryEvery > 0 && State.WakeCount % State.Settings.TelemetryEvery == 0)
        {
            Queue.Enqueue(MessageTypes.Telemetry, AgentCodec.EncodeTelemetry(_options.DeviceId, State.TelemetrySeq++, Telemetry()));
        }
        AccountDrops();
    }

    private void RadioSession(WakeReport report, ulong now)
    {
        var budget = new RadioBudget(_core.Clock, _options.RadioBudgetMs);
        var session = new WakeSession(_link, _options, _topics, budget, _store, State);
        var ota = new OtaTransfer(_options, _core, session);

        var request = new ConnectRequest();
        request.ClientId = _options.DeviceId;
        request.UserName = _options.DeviceId;
        request.Password = _options.Password;
        request.CleanStart = false;
        request.SessionExpiryS = _options.SessionExpiryS;
        request.KeepAliveS = KeepAlive();
        request.TimeoutMs = _options.ConnectTimeoutMs;
        request.WillTopic = _topics.Status;
        request.WillPayload = Status(StateOffline, 0);

        budget.Start();
        ConnectOutcome outcome = _link.Connect(request);
        report.ConnectResult = (int)outcome;
        if (outcome == ConnectOutcome.Unreachable || outcome == ConnectOutcome.Refused)
        {
            // The radio searched until the timeout: charge all of it.
            budget.Charge(_options.ConnectTimeoutMs);
            ulong energy = (ulong)budget.SpentMs * (ulong)_options.RadioPowerMw;
            _backoff.OnFailure(State, now, energy, outcome == ConnectOutcome.Refused);
            Finish(report, budget);
            return;
        }
        budget.Charge(_options.ConnectChargeMs);
        report.Connected = true;
        _backoff.OnSuccess(State);
        State.Save(_store);

        if (outcome == ConnectOutcome.NewSession && !_link.Subscribe(_topics.DownlinkFilter))
        {
            _link.Disconnect();
            Finish(report, budget);
            return;
        }
        session.Publish(_topics.Status, Status(StateOnline, 0), true);
        TakeDownlinks(session, ota, report);
        ota.PublishPendingResult(State);
        PublishQueue(session, report);
        ota.Run(State, report);
        // Config or offers that arrived during the transfer.
        HandleKept(session, ota, report);
        State.Save(_store);
        session.Publish(_topics.Status, Status(StateSleeping, State.Settings.WakeIntervalS), true);
        _link.Disconnect();
        report.Published = session.Published;
        Finish(report, budget);
    }

    private void TakeDownlinks(WakeSession session, OtaTransfer ota, WakeReport report)
    {
        long waited = 0;
        while (waited < _options.DownlinkWaitMs && session.Budget.Has(_options.RadioReserveMs))
        {
            long before = _core.Clock.MonotonicMs;
            InboundMessage? message = session.Receive(_options.DownlinkQuietMs);
            if (message == null)
            {
                break;
            }
            long took = _core.Clock.MonotonicMs - before;
            waited += took > 0 ? took : 1;
            Dispatch(message, session, ota, report);
        }
    }

    private void HandleKept(WakeSession session, OtaTransfer ota, WakeReport report)
    {
        InboundMessage? message = session.ReceiveDeferred();
        while (message != null)
        {
            Dispatch(message, session, ota, report);
            message = session.ReceiveDeferred();
        }
    }

    private void Dispatch(InboundMessage message, WakeSession session, OtaTransfer ota, WakeReport report)
    {
        if (message.Topic == _topics.DesiredConfig)
        {
            _config.Handle(State, message.Payload, _core.Models.Status, report);
            State.Save(_store);
            PublishConfigReport(session);
        }
        else if (message.Topic == _topics.OtaOffer)
        {
            ota.OnOffer(State, message.Payload);
            State.Save(_store);
        }
        // Chunks outside a transfer are stale answers to an earlier wake's requests: dropped.
    }

    private void PublishConfigReport(WakeSession session)
    {
        if (!State.ConfigReportPending)
        {
            return;
        }
        byte[] payload = AgentCodec.EncodeReportedConfig(_options.DeviceId, State.Settings, (int)State.ConfigApplyResult, State.ConfigRejectReason);
        if (session.Publish(_topics.ReportedConfig, payload, true))
        {
            State.ConfigReportPending = false;
        }
    }

    private void PublishQueue(WakeSession session, WakeReport report)
    {
        int sent = 0;
        while (sent < Queue.Count)
        {
            if (!session.Budget.Has(_options.MessageChargeMs + _options.RadioReserveMs))
            {
                report.BudgetExhausted = true;
                break;
            }
            QueueItem item = Queue[sent];
            if (!session.Publish(_topics.ForType(item.MessageType), item.Payload, false))
            {
                break;
            }
            sent++;
        }
        // Acknowledged items leave flash in one rewrite; a power cut before it re-sends them, and the gateway
        // drops the duplicates by (device, type, seq).
        Queue.RemoveFirst(sent);
    }

    private void Finish(WakeReport report, RadioBudget budget)
    {
        ulong energy = (ulong)budget.SpentMs * (ulong)_options.RadioPowerMw;
        State.RadioEnergyTotalUj += energy;
        report.RadioMs = budget.SpentMs;
        report.RadioEnergyUj = energy;
    }

    private int KeepAlive()
    {
        int cap = (int)(State.Settings.WakeIntervalS / 2);
        int keepAlive = _options.KeepAliveS < cap ? _options.KeepAliveS : cap;
        return keepAlive < 1 ? 1 : keepAlive;
    }

    private byte[] Status(int state, uint nextWakeS) =>
        AgentCodec.EncodeStatus(_options.DeviceId, State.StatusSeq++, _core.Clock.UnixTimeMs, state, _options.FirmwareVersion, _core.WakeReason, nextWakeS);

    private TelemetryRecord Telemetry()
    {
        IBattery battery = _core.Battery;
        ModelStoreStatus models = _core.Models.Status;
        var t = new TelemetryRecord();
        t.DeviceTimeMs = _core.Clock.UnixTimeMs;
        t.BatteryMv = battery.BatteryMv;
        t.SocPm = battery.SocPm;
        t.TemperatureCc = battery.TemperatureCc;
        t.ChargeUsedUah = battery.ChargeUsedUah;
        t.WakeCount = State.WakeCount;
        t.UptimeS = (uint)(_core.Clock.MonotonicMs / 1000);
        t.FirmwareVersion = _options.FirmwareVersion;
        t.ModelId = models.ActiveModelId;
        t.ModelVersion = models.ActiveVersion;
        t.RssiDbm = 0;
        t.WakeLedgerUc = _core.LastWakeLedgerUc();
        t.DroppedTelemetry = State.DroppedTelemetry;
        t.DroppedDetections = State.DroppedDetections;
        return t;
    }

    private void AccountDrops()
    {
        // The queue counts drops per object; the state keeps the running totals across reboots.
        State.DroppedTelemetry += Queue.DroppedTelemetry - _seenDroppedTelemetry;
        State.DroppedDetections += Queue.DroppedDetections - _seenDroppedDetections;
        _seenDroppedTelemetry = Queue.DroppedTelemetry;
        _seenDroppedDetections = Queue.DroppedDetections;
    }
}
