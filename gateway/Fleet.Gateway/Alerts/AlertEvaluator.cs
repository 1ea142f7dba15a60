// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Alerts;

/// <summary>
/// One evaluation: reads every device's fleet state and latest OTA result, applies <see cref="AlertRules"/>,
/// raises and clears alerts through the <see cref="AlertStore"/>, and refreshes the <see cref="FleetGauges"/>.
/// Calls are serialised, so the timer and an ingest trigger never evaluate at once.
/// </summary>
public sealed partial class AlertEvaluator(
    DeviceReadModel devices,
    OtaResultQueries ota,
    AlertStore store,
    AlertRules rules,
    FleetGauges gauges,
    DeviceChangeSignal changes,
    TimeProvider time,
    ILogger<AlertEvaluator> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Evaluates now and returns what changed.</summary>
    public async Task<AlertPlan> EvaluateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var states = await devices.GetFleetStateAsync(cancellationToken).ConfigureAwait(false);
            var otaResults = (await ota.GetLatestResultsAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.DeviceId, StringComparer.Ordinal);
            var open = await store.GetOpenAsync(cancellationToken).ConfigureAwait(false);
            var openKinds = open.GroupBy(a => a.DeviceId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlySet<AlertKind>)g.Select(a => a.Kind).ToHashSet(),
                    StringComparer.Ordinal);
            IReadOnlySet<AlertKind> none = new HashSet<AlertKind>();

            var active = states.SelectMany(s => rules.Evaluate(s, otaResults.GetValueOrDefault(s.DeviceId),
                openKinds.GetValueOrDefault(s.DeviceId, none), now)).ToList();
            var plan = AlertPlan.Between(open, active);

            foreach (var condition in plan.ToRaise)
            {
                if (await store.RaiseAsync(condition, now, cancellationToken).ConfigureAwait(false))
                {
                    LogRaised(logger, condition.DeviceId, AlertNames.Of(condition.Kind), condition.Detail);
                }
            }

            foreach (var alert in plan.ToClear)
            {
                if (await store.ClearAsync(alert.Id, now, cancellationToken).ConfigureAwait(false))
                {
                    LogCleared(logger, alert.DeviceId, AlertNames.Of(alert.Kind));
                }
            }

            var stillOpen = plan.IsEmpty ? open : await store.GetOpenAsync(cancellationToken).ConfigureAwait(false);
            gauges.Update(stillOpen, states);
            if (!plan.IsEmpty)
            {
                // The device list carries open alert kinds, so its stream must refresh.
                changes.NotifyChanged();
            }

            return plan;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Alert {Kind} raised for {DeviceId}: {Detail}")]
    private static partial void LogRaised(ILogger logger, string deviceId, string kind, string detail);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Alert {Kind} cleared for {DeviceId}")]
    private static partial void LogCleared(ILogger logger, string deviceId, string kind);
}
