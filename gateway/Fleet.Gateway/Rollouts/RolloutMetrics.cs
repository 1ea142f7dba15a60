// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Rollout progress on the gateway's meter: <c>fleet.gateway.rollout.devices{rollout,status}</c> and
/// <c>fleet.gateway.rollout.progress{rollout}</c> (percent of devices activated) as gauges read from the engine's
/// latest snapshot, and counters of chunks, bytes, offers and aborts.
/// </summary>
public sealed class RolloutMetrics
{
    public const string DevicesName = "fleet.gateway.rollout.devices";
    public const string ProgressName = "fleet.gateway.rollout.progress";
    public const string ChunksName = "fleet.gateway.rollout.chunks";
    public const string BytesName = "fleet.gateway.rollout.bytes";
    public const string OffersName = "fleet.gateway.rollout.offers";
    public const string AbortsName = "fleet.gateway.rollout.aborts";
    public const string RolloutTag = "rollout";
    public const string StatusTag = "status";

    private readonly Counter<long> _chunks;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _offers;
    private readonly Counter<long> _aborts;
    private volatile IReadOnlyList<RolloutSummary> _snapshot = [];

    public RolloutMetrics(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var meter = telemetry.Meter;
        _chunks = meter.CreateCounter<long>(ChunksName, "{chunk}", "OTA chunks served");
        _bytes = meter.CreateCounter<long>(BytesName, "By", "OTA bytes served");
        _offers = meter.CreateCounter<long>(OffersName, "{offer}", "OTA offers published");
        _aborts = meter.CreateCounter<long>(AbortsName, "{rollout}", "Rollouts aborted (automatically or by an operator)");
        meter.CreateObservableGauge(DevicesName, ObserveDevices, "{device}", "Devices of each running rollout by status");
        meter.CreateObservableGauge(ProgressName, ObserveProgress, "%", "Percent of a rollout's devices activated");
    }

    public void Publish(IReadOnlyList<RolloutSummary> summaries) => _snapshot = summaries;

    public void ChunkServed(int bytes)
    {
        _chunks.Add(1);
        _bytes.Add(bytes);
    }

    public void OfferPublished() => _offers.Add(1);

    public void Aborted(string reason) =>
        _aborts.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.ReasonTag, reason));

    private IEnumerable<Measurement<long>> ObserveDevices()
    {
        foreach (var s in _snapshot)
        {
            foreach (var (status, count) in s.Counts)
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>(RolloutTag, s.Id),
                    new KeyValuePair<string, object?>(StatusTag, status));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveProgress()
    {
        foreach (var s in _snapshot)
        {
            yield return new Measurement<double>(s.ProgressPercent, new KeyValuePair<string, object?>(RolloutTag, s.Id));
        }
    }
}
