// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Moves rollouts (docs/rollouts.md): starts waves, defers low-battery devices, hands out transfer slots up to the
/// concurrency limit, serves chunks from any offset, applies the gates before the next wave, aborts past the
/// failure threshold and rolls back. Every method runs under one lock, so API calls and device events see a
/// consistent state; side effects go through <see cref="IRolloutDownlink"/>. Time comes from the
/// <see cref="TimeProvider"/> only.
/// </summary>
public sealed partial class RolloutEngine(
    IRolloutDownlink downlink,
    ModelRepository models,
    RolloutStore store,
    RolloutMetrics metrics,
    IOptions<RolloutOptions> options,
    TimeProvider time,
    ILogger<RolloutEngine> logger,
    ScaleOut.RolloutExclusion? exclusion = null) : IDisposable
{
    /// <summary>
    /// Wakes an offered device may begin without asking for a chunk before the offer is published again: the first
    /// may be the wake the offer arrived at the end of; the second shows the device does not have it.
    /// </summary>
    private const int WakesBeforeRepeat = 2;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<Rollout> _rollouts = [];
    private readonly Dictionary<(string Device, uint Offer), (Rollout Rollout, RolloutDevice Device)> _offers = [];
    private readonly Dictionary<(string, uint), byte[]> _artifacts = [];
    private readonly HashSet<Rollout> _dirty = [];
    private readonly HashSet<Rollout> _progressed = [];
    private uint _lastOfferId;
    private long _ticks;

    /// <summary>Periodic passes run so far (tests wait on it after moving the clock).</summary>
    public long TickCount => Interlocked.Read(ref _ticks);

    /// <summary>Loads stored rollouts (at start, before any event).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Scale-out: takes the instances' shared rollout lock and reloads the stored rollouts, so this step starts from
    /// what any instance last wrote. Without scale-out a no-op: this engine's memory is the truth.
    /// </summary>
    private async Task<IAsyncDisposable> EnterSharedStateAsync(CancellationToken cancellationToken)
    {
        if (exclusion is null || await exclusion.EnterAsync(cancellationToken).ConfigureAwait(false) is not { } held)
        {
            return NotShared.Instance;
        }

        try
        {
            await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
            return held;
        }
        catch
        {
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task LoadLockedAsync(CancellationToken cancellationToken)
    {
        // Pending writes refer to the objects being replaced; every step flushes its own before it ends.
        _dirty.Clear();
        _progressed.Clear();
        _rollouts.Clear();
        _offers.Clear();
        _rollouts.AddRange(await store.LoadAllAsync(cancellationToken).ConfigureAwait(false));
        foreach (var r in _rollouts)
        {
            foreach (var d in r.Devices)
            {
                _lastOfferId = Math.Max(_lastOfferId, d.OfferId);
                if (d.OfferId != 0 && RolloutDeviceStatus.HoldsSlot(d.Status))
                {
                    _offers[(d.DeviceId, d.OfferId)] = (r, d);
                }
            }
        }

        PublishSummaries();
    }

    /// <summary>Adds a planned rollout and starts its first wave. Fails if a device is already in an unfinished rollout.</summary>
    public async Task<string?> StartAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            var busy = rollout.Devices.Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
            foreach (var other in _rollouts.Where(r => !RolloutState.IsTerminal(r.State)))
            {
                var clash = other.Devices.FirstOrDefault(d => busy.Contains(d.DeviceId));
                if (clash is not null)
                {
                    return $"Device '{clash.DeviceId}' is in unfinished rollout '{other.Id}'; abort it or wait.";
                }
            }

            _rollouts.Add(rollout);
            await store.SaveAsync(rollout, cancellationToken).ConfigureAwait(false);
            await EvaluateLockedAsync(rollout, cancellationToken).ConfigureAwait(false);
            await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
            LogStarted(logger, rollout.Id, rollout.ModelId, rollout.ModelVersion, rollout.Devices.Count, rollout.WaveCount);
            return null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A deep copy of one rollout (null if unknown), for the API.</summary>
    public async Task<Rollout?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            var r = _rollouts.FirstOrDefault(x => x.Id == id);
            return r is null ? null : Copy(r);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<List<Rollout>> ListAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            return _rollouts.Select(Copy).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Operator actions: <c>pause</c>, <c>resume</c>, <c>abort</c>. Returns the rollout, or null plus why not.</summary>
    public async Task<(Rollout? Rollout, string? Error)> ActAsync(string id, string action, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            var r = _rollouts.FirstOrDefault(x => x.Id == id);
            if (r is null)
            {
                return (null, null);
            }

            if (RolloutState.IsTerminal(r.State))
            {
                return (null, $"Rollout '{id}' is {r.State}.");
            }

            switch (action)
            {
                case "pause":
                    // Transfers in flight finish; no new offers, no gate decisions until resumed.
                    r.State = RolloutState.Paused;
                    r.Reason = "paused by an operator";
                    break;
                case "resume":
                    r.State = RolloutState.Running;
                    r.Reason = null;
                    break;
                default:
                    await AbortLockedAsync(r, "aborted by an operator", "operator", cancellationToken).ConfigureAwait(false);
                    break;
            }

            Touch(r);
            await EvaluateLockedAsync(r, cancellationToken).ConfigureAwait(false);
            await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
            return (Copy(r), null);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Handles a batch of committed uplinks, then re-evaluates and persists what changed.</summary>
    public async Task HandleAsync(IReadOnlyList<FleetMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            foreach (var message in messages)
            {
                switch (message)
                {
                    case OtaChunkRequest request:
                        await ServeChunkAsync(request, cancellationToken).ConfigureAwait(false);
                        break;
                    case OtaResult result:
                        await ApplyResultAsync(result, cancellationToken).ConfigureAwait(false);
                        break;
                    case StatusMessage status:
                        foreach (var (r, d) in InRollouts(status.DeviceId))
                        {
                            if (ApplyStatus(r, d, status))
                            {
                                await RepeatOfferAsync(r, d, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        break;
                    case DetectionEvent detection:
                        foreach (var (r, d) in InRollouts(detection.DeviceId))
                        {
                            CountDetection(r, d, detection);
                        }

                        break;
                    case Telemetry telemetry:
                        foreach (var (r, d) in InRollouts(telemetry.DeviceId))
                        {
                            d.SocPercent = telemetry.SocPm / 10.0;
                            Touch(r);
                        }

                        break;
                }
            }

            await EvaluateAllLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Takes a retired device out of every unfinished rollout: its offer (if it holds one) is withdrawn and its status
    /// becomes <see cref="RolloutDeviceStatus.Retired"/>, final, counted neither as activated nor as failed, so the
    /// wave gate and the failure threshold judge the other devices alone. A device already final stays as it was.
    /// </summary>
    public async Task RetireDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            var now = time.GetUtcNow();
            foreach (var (r, d) in InRollouts(deviceId).ToList())
            {
                if (RolloutDeviceStatus.IsFinal(d.Status))
                {
                    continue;
                }

                if (RolloutDeviceStatus.HoldsSlot(d.Status))
                {
                    await WithdrawAsync(d, cancellationToken).ConfigureAwait(false);
                }

                d.Status = RolloutDeviceStatus.Retired;
                d.FinishedAt = now;
                d.DeviceDeferredAt = null;
                d.Note = "device retired; taken out of the rollout";
                Touch(r);
            }

            await EvaluateAllLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The periodic pass: deadlines, stalled transfers, battery recoveries.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shared = await EnterSharedStateAsync(cancellationToken).ConfigureAwait(false);
            await using var sharedScope = shared.ConfigureAwait(false);
            _dirty.UnionWith(_progressed);
            _progressed.Clear();
            await EvaluateAllLockedAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _ticks);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private sealed class NotShared : IAsyncDisposable
    {
        public static readonly NotShared Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private async Task EvaluateAllLockedAsync(CancellationToken ct)
    {
        foreach (var r in _rollouts.Where(x => !RolloutState.IsTerminal(x.State) || HasRollbackWork(x)).ToList())
        {
            await EvaluateLockedAsync(r, ct).ConfigureAwait(false);
        }

        await FlushLockedAsync(ct).ConfigureAwait(false);
    }

    private static bool HasRollbackWork(Rollout r) => r.Devices.Any(d =>
        d.Status is RolloutDeviceStatus.RollbackWaiting or RolloutDeviceStatus.RollbackOffered);

    private async Task EvaluateLockedAsync(Rollout r, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await ReleaseStalledAsync(r, now, ct).ConfigureAwait(false);
        if (r.State == RolloutState.Aborted)
        {
            await OfferUpToLimitAsync(r, now, ct).ConfigureAwait(false);
            return;
        }

        if (r.State != RolloutState.Running)
        {
            return;
        }

        StartWave(r, now);
        ApplyBattery(r);
        if (await CheckFailuresAsync(r, ct).ConfigureAwait(false))
        {
            await OfferUpToLimitAsync(r, now, ct).ConfigureAwait(false);
            return;
        }

        await OfferUpToLimitAsync(r, now, ct).ConfigureAwait(false);
        if (CheckWaveGate(r, now))
        {
            // The next wave's devices get their offers now, not at the next event or tick.
            await OfferUpToLimitAsync(r, now, ct).ConfigureAwait(false);
        }

        if (r.State == RolloutState.Running && r.Devices.All(d => RolloutDeviceStatus.IsFinal(d.Status)))
        {
            r.State = RolloutState.Completed;
            r.Reason = null;
            Touch(r);
            LogCompleted(logger, r.Id, r.Devices.Count(d => d.Status == RolloutDeviceStatus.Activated), r.Devices.Count);
        }
    }

    private void StartWave(Rollout r, DateTimeOffset now)
    {
        var started = false;
        foreach (var d in r.Devices.Where(d => d.Wave <= r.CurrentWave && d.Status == RolloutDeviceStatus.Pending))
        {
            d.Status = RolloutDeviceStatus.Waiting;
            started = true;
        }

        if (started || r.WaveStartedAt is null)
        {
            r.WaveStartedAt ??= now;
            Touch(r);
        }
    }

    private void ApplyBattery(Rollout r)
    {
        var now = time.GetUtcNow();
        foreach (var d in r.Devices)
        {
            if (HeldByDevice(d, now))
            {
                continue;
            }

            var low = d.SocPercent is { } soc && soc < r.Policy.MinBatteryPercent;
            if (d.Status == RolloutDeviceStatus.Waiting && low)
            {
                d.Status = RolloutDeviceStatus.Deferred;
                d.Note = $"battery {d.SocPercent:0.#} % below {r.Policy.MinBatteryPercent:0.#} %";
                Touch(r);
            }
            else if (d.Status == RolloutDeviceStatus.Deferred && !low)
            {
                d.Status = RolloutDeviceStatus.Waiting;
                d.Note = d.DeviceDeferredAt is null && d.SocPercent is not null
                    ? $"battery recovered to {d.SocPercent:0.#} %"
                    : "offered again after the device's low-battery deferral";
                d.DeviceDeferredAt = null;
                Touch(r);
            }
        }
    }

    /// <summary>
    /// The device answered code 9 and has not woken since: the offer waits for its next wake (a status clears
    /// <see cref="RolloutDevice.DeviceDeferredAt"/>), or the stall limit if it never sends one, instead of bouncing
    /// straight back to a device that is still awake on a low cell.
    /// </summary>
    private bool HeldByDevice(RolloutDevice d, DateTimeOffset now) =>
        d.DeviceDeferredAt is { } at && now - at <= StallLimit(d);

    /// <summary>Aborts (and returns true) when failed plus faulted devices exceed the threshold among those started.</summary>
    private async Task<bool> CheckFailuresAsync(Rollout r, CancellationToken ct)
    {
        var started = r.Devices.Count(d => d.Wave <= r.CurrentWave && d.Status != RolloutDeviceStatus.Deferred
            && d.Status != RolloutDeviceStatus.Pending && d.Status != RolloutDeviceStatus.Retired);
        var failed = r.Devices.Where(d => d.Status == RolloutDeviceStatus.Failed).ToList();
        var faulted = r.Devices.Where(d => d.Faulted).ToList();
        var bad = failed.Count + faulted.Count;
        if (bad == 0 || started == 0 || (double)bad / started <= r.Policy.MaxFailureFraction)
        {
            return false;
        }

        var causes = failed.GroupBy(d => d.ResultCode).Select(g => $"{g.Count()} x {ResultName(g.Key)}").ToList();
        var watchdog = faulted.Count(d => d.WatchdogAfter > d.WatchdogBefore);
        if (watchdog > 0)
        {
            causes.Add($"{watchdog} x watchdog after activation");
        }

        // One device's figures are enough to say what the rule saw; every device's are in its faultReason.
        var shifted = faulted.Where(d => d.DetectionFault is not null).ToList();
        if (shifted.Count > 0)
        {
            causes.Add($"{shifted.Count} x detection-rate shift after activation ({shifted[0].DeviceId}: {shifted[0].DetectionFault})");
        }

        var reason = $"{bad} of {started} started devices failed or faulted ({string.Join(", ", causes)}), over {r.Policy.MaxFailureFraction:P0}";
        await AbortLockedAsync(r, reason, "failure_threshold", ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Advances to the next wave when the gate passes and the wave's soak is over (returns true); pauses when the
    /// wave is late. A wave whose gate holds is never late: while it soaks the failure threshold and the faulted rule
    /// (checked before this) are what can stop it.
    /// </summary>
    private bool CheckWaveGate(Rollout r, DateTimeOffset now)
    {
        var wave = r.Devices.Where(d => d.Wave == r.CurrentWave).ToList();
        var eligible = wave.Count(d => d.Status is not (RolloutDeviceStatus.Deferred or RolloutDeviceStatus.Retired));
        var activated = wave.Count(d => d.Status == RolloutDeviceStatus.Activated && !d.Faulted);
        // A wave whose devices were all retired has nobody left to wait for.
        var passed = eligible > 0
            ? activated >= Math.Ceiling(r.Policy.SuccessFraction * eligible - 1e-9)
            : wave.Count > 0 && wave.All(d => d.Status == RolloutDeviceStatus.Retired);
        if (!passed && r.SoakStartedAt is not null)
        {
            // A device faulted under the soak: the wave must pass its gate again, then soaks afresh.
            EndSoak(r);
        }

        if (passed && r.CurrentWave + 1 < r.WaveCount)
        {
            if (Soaking(r, now))
            {
                return false;
            }

            LogWavePassed(logger, r.Id, r.CurrentWave, activated, eligible);
            EndSoak(r);
            r.CurrentWave++;
            r.WaveStartedAt = now;
            Touch(r);
            StartWave(r, now);
            ApplyBattery(r);
            return true;
        }

        if (r.WaveStartedAt is { } started && activated < Math.Ceiling(r.Policy.SuccessFraction * eligible - 1e-9)
            && now > started + WaveLimit(r, wave))
        {
            // Late is not failed: pause for an operator instead of rolling back devices that did nothing wrong.
            r.State = RolloutState.Paused;
            r.Reason = $"wave {r.CurrentWave + 1} timed out: {activated} of {eligible} activated after {WaveLimit(r, wave)}";
            Touch(r);
            LogWaveTimedOut(logger, r.Id, r.CurrentWave, activated, eligible);
        }

        return false;
    }

    /// <summary>
    /// Starts the passed wave's soak on the first pass its gate holds and says whether it still runs. The start is
    /// stored (a restart keeps the same end); the end is worked out each pass from the soak's current length.
    /// </summary>
    private bool Soaking(Rollout r, DateTimeOffset now)
    {
        var soak = RolloutSoak.Of(r);
        if (soak <= TimeSpan.Zero)
        {
            return false;
        }

        if (r.SoakStartedAt is null)
        {
            r.SoakStartedAt = now;
            LogSoakStarted(logger, r.Id, r.CurrentWave + 1, now + soak);
            Touch(r);
        }

        var until = r.SoakStartedAt.Value + soak;
        if (now >= until)
        {
            return false;
        }

        var reason = RolloutSoak.Reason(r, until);
        if (r.Reason != reason)
        {
            r.Reason = reason;
            Touch(r);
        }

        return true;
    }

    private void EndSoak(Rollout r)
    {
        if (r.SoakStartedAt is null && !RolloutSoak.IsSoakReason(r.Reason))
        {
            return;
        }

        r.SoakStartedAt = null;
        if (RolloutSoak.IsSoakReason(r.Reason))
        {
            r.Reason = null;
        }

        Touch(r);
    }

    /// <summary>The wave's time limit: the policy's timeout, or N wake intervals of its slowest unfinished device.</summary>
    private static TimeSpan WaveLimit(Rollout r, List<RolloutDevice> wave)
    {
        var slowest = wave.Where(d => !RolloutDeviceStatus.IsFinal(d.Status)).Select(d => d.WakeIntervalS)
            .DefaultIfEmpty(0u).Max();
        var byWakes = TimeSpan.FromSeconds((double)slowest * r.Policy.WakesPerWave);
        return byWakes > r.Policy.WaveTimeout ? byWakes : r.Policy.WaveTimeout;
    }

    private TimeSpan StallLimit(RolloutDevice d)
    {
        var byWakes = TimeSpan.FromSeconds(2.0 * d.WakeIntervalS);
        var floor = options.Value.StallTimeout;
        return byWakes > floor ? byWakes + floor : floor;
    }

    private async Task ReleaseStalledAsync(Rollout r, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var d in r.Devices.Where(d => RolloutDeviceStatus.HoldsSlot(d.Status)))
        {
            if (d.LastActivityAt is { } last && now - last > StallLimit(d))
            {
                // Give the slot to someone else; the device keeps its bytes and resumes when offered again.
                await WithdrawAsync(d, ct).ConfigureAwait(false);
                d.Status = d.Status == RolloutDeviceStatus.RollbackOffered
                    ? RolloutDeviceStatus.RollbackWaiting
                    : RolloutDeviceStatus.Waiting;
                d.Note = $"no chunk request for {now - last}; offer withdrawn, slot freed";
                Touch(r);
            }
        }
    }

    private async Task OfferUpToLimitAsync(Rollout r, DateTimeOffset now, CancellationToken ct)
    {
        var active = r.Devices.Count(d => RolloutDeviceStatus.HoldsSlot(d.Status));
        var candidates = r.Devices
            .Where(d => r.State == RolloutState.Aborted
                ? d.Status == RolloutDeviceStatus.RollbackWaiting
                : d.Status == RolloutDeviceStatus.Waiting)
            .Where(d => !HeldByDevice(d, now))
            .OrderBy(d => d.Wave).ThenBy(d => d.OfferedAt ?? DateTimeOffset.MinValue).ThenBy(d => d.DeviceId, StringComparer.Ordinal)
            .ToList();
        foreach (var d in candidates)
        {
            if (active >= r.Policy.MaxConcurrentTransfers)
            {
                break;
            }

            if (await OfferAsync(r, d, now, ct).ConfigureAwait(false))
            {
                active++;
            }
        }

        if (active > r.PeakConcurrentTransfers)
        {
            r.PeakConcurrentTransfers = active;
            Touch(r);
        }
    }

    private async Task<bool> OfferAsync(Rollout r, RolloutDevice d, DateTimeOffset now, CancellationToken ct)
    {
        var version = d.DesiredVersion ?? r.ModelVersion;
        var model = await models.GetAsync(r.ModelId, version, ct).ConfigureAwait(false);
        if (model is null)
        {
            d.Note = $"model {r.ModelId} v{version} is no longer stored";
            return false;
        }

        _offers.Remove((d.DeviceId, d.OfferId));
        var resumes = d.OfferedVersion == version && d.Offset > 0;
        d.OfferId = ++_lastOfferId;
        d.OfferedVersion = version;
        if (!resumes)
        {
            d.Offset = 0;
        }

        await downlink.PublishOfferAsync(OfferOf(r, d, model), ct).ConfigureAwait(false);
        metrics.OfferPublished();
        d.Status = r.State == RolloutState.Aborted ? RolloutDeviceStatus.RollbackOffered : RolloutDeviceStatus.Offered;
        d.OfferedAt = now;
        d.LastActivityAt = now;
        d.DeviceDeferredAt = null;
        d.WakesSinceOffer = 0;
        _offers[(d.DeviceId, d.OfferId)] = (r, d);
        Touch(r);
        return true;
    }

    /// <summary>
    /// The same offer (same id, so a transfer under way is not disturbed) published again to a device that woke
    /// <see cref="WakesBeforeRepeat"/> times without asking for a chunk.
    /// </summary>
    private async Task RepeatOfferAsync(Rollout r, RolloutDevice d, CancellationToken ct)
    {
        var model = await models.GetAsync(r.ModelId, d.OfferedVersion, ct).ConfigureAwait(false);
        if (model is null)
        {
            return; // the stall limit withdraws it, and the next offer says why
        }

        await downlink.PublishOfferAsync(OfferOf(r, d, model), ct).ConfigureAwait(false);
        metrics.OfferPublished();
        d.OffersRepeated++;
        d.Note = $"offer {d.OfferId} sent again: {d.WakesSinceOffer} wakes without a chunk request";
        d.WakesSinceOffer = 0;
        Touch(r);
    }

    private OtaOffer OfferOf(Rollout r, RolloutDevice d, ModelRecord model) =>
        new(d.DeviceId, d.OfferId, r.ModelId, d.OfferedVersion, (uint)model.SizeBytes, Convert.FromHexString(model.Sha256),
            (ushort)options.Value.ChunkSize, Convert.FromBase64String(model.Signature));

    private async Task WithdrawAsync(RolloutDevice d, CancellationToken ct)
    {
        _offers.Remove((d.DeviceId, d.OfferId));
        await downlink.ClearOfferAsync(d.DeviceId, ct).ConfigureAwait(false);
    }

    private async Task AbortLockedAsync(Rollout r, string reason, string tag, CancellationToken ct)
    {
        r.State = RolloutState.Aborted;
        r.Reason = reason;
        r.SoakStartedAt = null;
        metrics.Aborted(tag);
        LogAborted(logger, r.Id, reason);
        foreach (var d in r.Devices)
        {
            switch (d.Status)
            {
                case RolloutDeviceStatus.Offered or RolloutDeviceStatus.Transferring:
                    await WithdrawAsync(d, ct).ConfigureAwait(false);
                    d.Status = RolloutDeviceStatus.Cancelled;
                    d.DesiredVersion = null;
                    d.Note = "offer withdrawn (rollout aborted)";
                    break;
                case RolloutDeviceStatus.Pending or RolloutDeviceStatus.Waiting or RolloutDeviceStatus.Deferred:
                    d.Status = RolloutDeviceStatus.Cancelled;
                    d.DesiredVersion = null;
                    d.Note = "not offered (rollout aborted)";
                    break;
                case RolloutDeviceStatus.Activated when r.RollbackVersion is { } previous:
                    // Rollback is a new deployment of the previous version, offered like any update.
                    d.Status = RolloutDeviceStatus.RollbackWaiting;
                    d.DesiredVersion = previous;
                    await downlink.SetDesiredModelAsync(d.DeviceId, r.ModelId, previous, ct).ConfigureAwait(false);
                    d.Note = $"rolling back to v{previous}";
                    break;
                case RolloutDeviceStatus.Activated:
                    d.Note = "no earlier version stored to roll back to";
                    break;
            }
        }

        Touch(r);
    }

    private async Task ServeChunkAsync(OtaChunkRequest request, CancellationToken ct)
    {
        if (!_offers.TryGetValue((request.DeviceId, request.OfferId), out var entry))
        {
            LogStaleRequest(logger, request.DeviceId, request.OfferId);
            return;
        }

        var (r, d) = entry;
        var bytes = await ArtifactAsync(r.ModelId, d.OfferedVersion, ct).ConfigureAwait(false);
        if (bytes is null || request.Offset >= bytes.Length)
        {
            LogBadRange(logger, request.DeviceId, request.Offset, bytes?.Length ?? 0);
            return;
        }

        var length = (int)Math.Min(Math.Min(request.Length, options.Value.ChunkSize), bytes.Length - request.Offset);
        await downlink.PublishChunkAsync(new OtaChunk(request.DeviceId, request.OfferId, request.Offset,
            bytes.AsMemory((int)request.Offset, length)), ct).ConfigureAwait(false);
        metrics.ChunkServed(length);
        d.ChunksServed++;
        d.BytesServed += length;
        d.Offset = Math.Max(d.Offset, request.Offset + length);
        d.LastActivityAt = time.GetUtcNow();
        if (d.Status == RolloutDeviceStatus.Offered)
        {
            d.Status = RolloutDeviceStatus.Transferring;
            Touch(r);
        }
        else
        {
            // Offsets are written at the next tick, not per chunk: a large fleet's document is megabytes, and an
            // offset lost in a crash costs nothing (the device asks for the offset it holds). In scale-out the next
            // step may run on another instance from the stored state, so this step writes them (once per batch).
            if (exclusion?.IsEnabled == true)
            {
                Touch(r);
            }
            else
            {
                _progressed.Add(r);
            }
        }
    }

    private async Task ApplyResultAsync(OtaResult result, CancellationToken ct)
    {
        if (!_offers.TryGetValue((result.DeviceId, result.OfferId), out var entry))
        {
            LogStaleRequest(logger, result.DeviceId, result.OfferId);
            return;
        }

        var (r, d) = entry;
        _offers.Remove((result.DeviceId, result.OfferId));
        // The result ends the offer: clear the retained message so the device does not fetch it again.
        await downlink.ClearOfferAsync(d.DeviceId, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        d.ResultCode = (int)result.Code;
        if (result.Code == OtaResultCode.DeferredLowBattery)
        {
            // Nothing was transferred or changed: the slot is freed and the device is offered again after this
            // wake (HeldByDevice), never counted as failed.
            d.Status = d.Status == RolloutDeviceStatus.RollbackOffered
                ? RolloutDeviceStatus.RollbackWaiting
                : RolloutDeviceStatus.Deferred;
            d.DeviceDeferredAt = now;
            d.DeviceDeferrals++;
            d.LastActivityAt = now;
            d.Note = $"device deferred the update: battery low (code 9), running v{result.ActiveModelVersion}";
            Touch(r);
            return;
        }

        d.FinishedAt = now;
        d.LastActivityAt = now;
        var ok = result.Code == OtaResultCode.Activated && result.ActiveModelVersion == d.OfferedVersion;
        var rollback = d.Status == RolloutDeviceStatus.RollbackOffered;
        d.Status = (rollback, ok) switch
        {
            (true, true) => RolloutDeviceStatus.RolledBack,
            (true, false) => RolloutDeviceStatus.RollbackFailed,
            (false, true) => RolloutDeviceStatus.Activated,
            _ => RolloutDeviceStatus.Failed,
        };
        d.Note = ok ? $"running v{result.ActiveModelVersion}" : $"{ResultName((int)result.Code)}, running v{result.ActiveModelVersion}";
        if (ok && !rollback && r.Policy.DetectionShift > 0 && Verdict(r, d) is { Kind: DetectionVerdictKind.NoBaseline } unjudged)
        {
            d.Note += "; " + unjudged.Text;
        }

        if (ok && !rollback)
        {
            await downlink.SetDesiredModelAsync(d.DeviceId, r.ModelId, d.OfferedVersion, ct).ConfigureAwait(false);
        }

        Touch(r);
    }

    /// <summary>Takes a status; true when the device's offer should be sent again (see <see cref="WakesBeforeRepeat"/>).</summary>
    private bool ApplyStatus(Rollout r, RolloutDevice d, StatusMessage status)
    {
        // A status after a code 9 means that wake is over (sleeping) or a new one began: offer again.
        if (d.DeviceDeferredAt is not null)
        {
            d.DeviceDeferredAt = DateTimeOffset.MinValue;
        }

        if (status.NextWakeS > 0)
        {
            d.WakeIntervalS = status.NextWakeS;
        }

        if (status.WakeReason == WakeReason.Watchdog)
        {
            if (d.Status == RolloutDeviceStatus.Activated)
            {
                d.WatchdogAfter++;
            }
            else if (!RolloutDeviceStatus.IsFinal(d.Status))
            {
                d.WatchdogBefore++;
            }
        }

        if (status.State == DeviceState.Online && d.Status == RolloutDeviceStatus.Activated && r.Policy.DetectionShift > 0)
        {
            // A new wake: the wakes before it are complete (their detections are in), so judge them, then count it.
            JudgeDetections(r, d);
            d.WakesAfter++;
        }

        Touch(r);
        // A wake that starts with the offer untouched: the device may never have seen it (delivered as it went to
        // sleep and lost with its RAM, or a broker that lost the retained message). Counting wakes rather than
        // time keeps this right for a device that sleeps an hour.
        if (status.State == DeviceState.Online
            && d.Status is RolloutDeviceStatus.Offered or RolloutDeviceStatus.RollbackOffered)
        {
            d.WakesSinceOffer++;
            return d.WakesSinceOffer >= WakesBeforeRepeat;
        }

        return false;
    }

    /// <summary>
    /// Counts a detection with a box from the new version in a wake begun after activation (the guard's "after";
    /// detections of the activation wake itself are left out, as that wake is not counted either).
    /// </summary>
    private void CountDetection(Rollout r, RolloutDevice d, DetectionEvent detection)
    {
        if (r.Policy.DetectionShift > 0 && d.Status == RolloutDeviceStatus.Activated && d.WakesAfter > 0
            && detection.Boxes.Count > 0 && detection.ModelId == r.ModelId && detection.ModelVersion == r.ModelVersion)
        {
            d.DetectionsAfter++;
            Touch(r);
        }
    }

    /// <summary>The detection-rate guard over the device's completed wakes; a shift marks it faulted for good.</summary>
    private void JudgeDetections(Rollout r, RolloutDevice d)
    {
        if (d.DetectionFault is not null)
        {
            return;
        }

        var verdict = Verdict(r, d);
        if (verdict.IsFault)
        {
            d.DetectionFault = verdict.Text;
            LogDetectionFault(logger, r.Id, d.DeviceId, verdict.Text);
        }
    }

    private static DetectionVerdict Verdict(Rollout r, RolloutDevice d) => DetectionShift.Judge(r.Policy.DetectionShift,
        d.DetectionsBefore, d.WakesBefore, d.DetectionsAfter, d.WakesAfter, r.DetectionMinBaselineWakes, r.DetectionBaseline);

    private IEnumerable<(Rollout Rollout, RolloutDevice Device)> InRollouts(string deviceId)
    {
        foreach (var r in _rollouts.Where(x => !RolloutState.IsTerminal(x.State) || HasRollbackWork(x)).ToList())
        {
            var d = r.Devices.FirstOrDefault(x => x.DeviceId == deviceId);
            if (d is not null)
            {
                yield return (r, d);
            }
        }
    }

    private async Task<byte[]?> ArtifactAsync(string modelId, uint version, CancellationToken ct)
    {
        if (_artifacts.TryGetValue((modelId, version), out var cached))
        {
            return cached;
        }

        var model = await models.GetAsync(modelId, version, ct).ConfigureAwait(false);
        if (model is null)
        {
            return null;
        }

        var bytes = await models.ReadAsync(model, ct).ConfigureAwait(false);
        _artifacts[(modelId, version)] = bytes;
        return bytes;
    }

    private void Touch(Rollout r)
    {
        r.UpdatedAt = time.GetUtcNow();
        _dirty.Add(r);
    }

    private async Task FlushLockedAsync(CancellationToken ct)
    {
        foreach (var r in _dirty)
        {
            await store.SaveAsync(r, ct).ConfigureAwait(false);
        }

        _dirty.Clear();
        PublishSummaries();
    }

    private void PublishSummaries() => metrics.Publish(_rollouts.Select(RolloutSummary.Of).ToList());

    private static Rollout Copy(Rollout r) =>
        System.Text.Json.JsonSerializer.Deserialize<Rollout>(System.Text.Json.JsonSerializer.Serialize(r))!;

    private static string ResultName(int? code) => code is { } c && Enum.IsDefined((OtaResultCode)c)
        ? ((OtaResultCode)c).ToString()
        : $"code {code}";

    [LoggerMessage(EventId = 4800, Level = LogLevel.Information,
        Message = "Rollout {RolloutId} of {ModelId} v{ModelVersion} started: {Devices} devices in {Waves} waves")]
    private static partial void LogStarted(ILogger logger, string rolloutId, string modelId, uint modelVersion, int devices, int waves);

    [LoggerMessage(EventId = 4801, Level = LogLevel.Information,
        Message = "Rollout {RolloutId}: wave {Wave} passed its gate ({Activated} of {Eligible} activated)")]
    private static partial void LogWavePassed(ILogger logger, string rolloutId, int wave, int activated, int eligible);

    [LoggerMessage(EventId = 4802, Level = LogLevel.Warning, Message = "Rollout {RolloutId} aborted: {Reason}")]
    private static partial void LogAborted(ILogger logger, string rolloutId, string reason);

    [LoggerMessage(EventId = 4803, Level = LogLevel.Warning,
        Message = "Rollout {RolloutId}: wave {Wave} timed out ({Activated} of {Eligible} activated); paused")]
    private static partial void LogWaveTimedOut(ILogger logger, string rolloutId, int wave, int activated, int eligible);

    [LoggerMessage(EventId = 4804, Level = LogLevel.Information,
        Message = "Rollout {RolloutId} completed: {Activated} of {Devices} devices activated")]
    private static partial void LogCompleted(ILogger logger, string rolloutId, int activated, int devices);

    [LoggerMessage(EventId = 4807, Level = LogLevel.Information,
        Message = "Rollout {RolloutId}: wave {Wave} passed its gate and soaks until {Until}")]
    private static partial void LogSoakStarted(ILogger logger, string rolloutId, int wave, DateTimeOffset until);

    [LoggerMessage(EventId = 4808, Level = LogLevel.Warning,
        Message = "Rollout {RolloutId}: {DeviceId} faulted by its detection rate: {Verdict}")]
    private static partial void LogDetectionFault(ILogger logger, string rolloutId, string deviceId, string verdict);

    [LoggerMessage(EventId = 4805, Level = LogLevel.Debug,
        Message = "OTA message from {DeviceId} for offer {OfferId}, which is not current; ignored")]
    private static partial void LogStaleRequest(ILogger logger, string deviceId, uint offerId);

    [LoggerMessage(EventId = 4806, Level = LogLevel.Warning,
        Message = "Chunk request from {DeviceId} at offset {Offset} is outside the {Size}-byte artifact; ignored")]
    private static partial void LogBadRange(ILogger logger, string deviceId, uint offset, int size);
}
