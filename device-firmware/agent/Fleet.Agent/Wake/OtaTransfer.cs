using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;

namespace Fleet.Agent.Wake;

/// <summary>
/// Moves one offered model into the slots, a window of chunk requests at a time, for as long as the wake's radio
/// budget lasts; the slots' journal lets the next wake (or the next boot) continue from the last chunk written.
/// </summary>
public sealed class OtaTransfer
{
    /// <summary>OTA result codes the agent produces itself (docs/protocol.md type 9).</summary>
    public const int Activated = 0;
    public const int Aborted = 4;
    public const int RolledBack = 8;
    public const int DeferredLowBattery = 9;

    private readonly AgentOptions _options;
    private readonly INativeCore _core;
    private readonly WakeSession _session;

    public OtaTransfer(AgentOptions options, INativeCore core, WakeSession session)
    {
        _options = options;
        _core = core;
        _session = session;
    }

    /// <summary>Takes a delivered offer (an empty payload means the gateway cleared it).</summary>
    public void OnOffer(AgentState state, byte[] payload)
    {
        if (payload.Length == 0)
        {
            return;
        }
        OtaOfferInfo offer;
        try
        {
            offer = AgentCodec.DecodeOtaOffer(_options.DeviceId, payload);
        }
        catch (ProtocolException)
        {
            return; // Nothing to answer: without a valid offer id there is no result to address.
        }
        if (state.HasDoneOffer && state.DoneOfferId == offer.OfferId)
        {
            return; // Already answered; the retained offer is cleared once the gateway sees the result.
        }
        state.Offer = offer;
        state.HasOffer = true;
    }

    /// <summary>Works on the current offer until it is done or the budget is spent.</summary>
    public void Run(AgentState state, WakeReport report)
    {
        if (!state.HasOffer || state.ResultPending)
        {
            return;
        }
        OtaOfferInfo offer = state.Offer;
        IModelStore models = _core.Models;
        ModelStoreStatus status = models.Status;
        bool inProgress = status.HasPending && status.PendingOfferId == offer.OfferId;
        if (!inProgress && status.ActiveModelId == offer.ModelId && status.ActiveVersion == offer.ModelVersion)
        {
            // Finished before a power cut took the result with it: the slot says it is active.
            Conclude(state, offer.OfferId, Activated, report);
            return;
        }
        IBattery battery = _core.Battery;
        if (battery.SocPm < _options.OtaMinSocPm || battery.BatteryMv < _options.OtaMinBatteryMv)
        {
            if (!inProgress)
            {
                // Refused and said so (code 9, not a failed transfer); the gateway may offer again once the cell
                // has recovered.
                state.OtaRefusedLowBattery++;
                Conclude(state, offer.OfferId, DeferredLowBattery, report);
            }
            return; // A transfer already under way pauses, journal kept, until the cell recovers.
        }
        uint offset;
        try
        {
            offset = models.Begin(offer.OfferId, offer.ModelId, offer.ModelVersion, offer.SizeBytes, offer.Sha256, offer.Signature);
        }
        catch (ModelStoreException e)
        {
            Conclude(state, offer.OfferId, e.ResultCode, report);
            return;
        }
        int timeouts = 0;
        while (offset < offer.SizeBytes)
        {
            long roundTrip = (long)_options.MessageChargeMs * 2 * _options.OtaWindow;
            if (!_session.Budget.Has(roundTrip + _options.RadioReserveMs))
            {
                report.BudgetExhausted = true;
                return;
            }
            int requested = 0;
            for (int k = 0; k < _options.OtaWindow; k++)
            {
                uint at = offset + (uint)k * offer.ChunkSize;
                if (at >= offer.SizeBytes)
                {
                    break;
                }
                uint length = offer.SizeBytes - at < offer.ChunkSize ? offer.SizeBytes - at : offer.ChunkSize;
                if (!_session.Publish(_session.Topics.OtaRequest, AgentCodec.EncodeOtaRequest(_options.DeviceId, offer.OfferId, at, length), false))
                {
                    return;
                }
                requested++;
            }
            for (int k = 0; k < requested; k++)
            {
                InboundMessage? message = _session.Receive(_options.ChunkTimeoutMs);
                if (message == null)
                {
                    timeouts++;
                    break;
                }
                if (message.Topic != _session.Topics.OtaChunk)
                {
                    _session.Defer(message);
                    k--;
                    continue;
                }
                OtaChunkInfo chunk;
                try
                {
                    chunk = AgentCodec.DecodeOtaChunk(_options.DeviceId, message.Payload);
                }
                catch (ProtocolException)
                {
                    continue;
                }
                uint expected = offer.SizeBytes - offset < offer.ChunkSize ? offer.SizeBytes - offset : offer.ChunkSize;
                if (chunk.OfferId != offer.OfferId || chunk.Offset != offset || chunk.Data.Length != expected)
                {
                    continue; // Stale (an earlier wake's request) or out of order: requested again below.
                }
                try
                {
                    models.WriteChunk(offset, chunk.Data);
                }
                catch (ModelStoreException e)
                {
                    Conclude(state, offer.OfferId, e.ResultCode, report);
                    return;
                }
                offset += (uint)chunk.Data.Length;
                report.OtaBytesReceived += (uint)chunk.Data.Length;
            }
            if (timeouts >= _options.MaxChunkTimeoutsPerWake)
            {
                return;
            }
        }
        int code = models.Finish();
        if (code == Activated)
        {
            state.AwaitingConfirm = true;
            state.ActivatedOfferId = offer.OfferId;
        }
        Conclude(state, offer.OfferId, code, report);
    }

    /// <summary>Publishes a pending result; it stays pending (saved) until the broker acknowledged it.</summary>
    public void PublishPendingResult(AgentState state)
    {
        if (!state.ResultPending)
        {
            return;
        }
        byte[] payload = AgentCodec.EncodeOtaResult(_options.DeviceId, state.ResultOfferId, (int)state.ResultCode, _core.Models.Status.ActiveVersion);
        if (_session.Publish(_session.Topics.OtaResult, payload, false))
        {
            state.ResultPending = false;
        }
    }

    /// <summary>Queues a result for an offer the agent no longer works on (e.g. 8, rolled back).</summary>
    public static void QueueResult(AgentState state, uint offerId, int code)
    {
        state.ResultPending = true;
        state.ResultOfferId = offerId;
        state.ResultCode = (uint)code;
    }

    private void Conclude(AgentState state, uint offerId, int code, WakeReport report)
    {
        QueueResult(state, offerId, code);
        state.HasOffer = false;
        state.HasDoneOffer = true;
        state.DoneOfferId = offerId;
        report.OtaResult = code;
        _session.SaveState();
        PublishPendingResult(state);
    }
}
