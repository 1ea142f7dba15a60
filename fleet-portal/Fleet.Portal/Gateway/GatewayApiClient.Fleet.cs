// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Portal.Gateway;

/// <summary>Devices, their data and configuration, alerts and fleet-wide detections.</summary>
public sealed partial class GatewayApiClient
{
    /// <summary>The gateway's health checks and why one is not healthy (uplinks not arriving, commits failing).</summary>
    public Task<GatewayResult<GatewayHealth>> GetHealthAsync(CancellationToken cancellationToken) =>
        GetAsync<GatewayHealth>("api/health", cancellationToken);

    public Task<GatewayResult<List<GatewayDevice>>> GetDevicesAsync(CancellationToken cancellationToken) =>
        GetAsync<List<GatewayDevice>>("api/devices", cancellationToken);

    public Task<GatewayResult<GatewayDevice>> GetDeviceAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<GatewayDevice>($"api/devices/{Uri.EscapeDataString(id)}", cancellationToken);

    /// <summary>
    /// Takes a device out of service: the gateway closes its connection, refuses it from now on and stops counting
    /// it; its history stays. Idempotent.
    /// </summary>
    public Task<GatewayResult<bool>> RetireDeviceAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Delete, $"api/devices/{Uri.EscapeDataString(id)}", null, cancellationToken);

    /// <summary>Alerts newest first; <paramref name="open"/> true for open ones only.</summary>
    public Task<GatewayResult<List<GatewayAlert>>> GetAlertsAsync(bool? open, string? deviceId, int limit,
        CancellationToken cancellationToken) =>
        GetAsync<List<GatewayAlert>>("api/alerts" + Query(
            ("open", open?.ToString().ToLowerInvariant()), ("deviceId", deviceId), ("limit", Invariant(limit))),
            cancellationToken);

    /// <summary>Telemetry in [<paramref name="from"/>, <paramref name="to"/>) in the gateway's default buckets.</summary>
    public Task<GatewayResult<GatewayTelemetrySeries>> GetTelemetryAsync(string id, DateTimeOffset from,
        DateTimeOffset to, CancellationToken cancellationToken) =>
        GetAsync<GatewayTelemetrySeries>($"api/devices/{Uri.EscapeDataString(id)}/telemetry" + Query(
            ("from", from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ("to", to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>One device's detections, newest first.</summary>
    public Task<GatewayResult<GatewayDetectionPage>> GetDeviceDetectionsAsync(string id, DateTimeOffset? from,
        int limit, CancellationToken cancellationToken) =>
        GetAsync<GatewayDetectionPage>($"api/devices/{Uri.EscapeDataString(id)}/detections" + Query(
            ("from", from?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("limit", Invariant(limit))),
            cancellationToken);

    /// <summary>The latest detections of the whole fleet (or one device, one detector kind), newest first.</summary>
    public Task<GatewayResult<List<GatewayDetection>>> GetFleetDetectionsAsync(string? deviceId, string? kind,
        int limit, CancellationToken cancellationToken) =>
        GetAsync<List<GatewayDetection>>("api/detections" + Query(
            ("deviceId", deviceId), ("kind", kind), ("limit", Invariant(limit))), cancellationToken);

    /// <summary>The path of the gateway's fleet-wide detection stream for <see cref="OpenEventStreamAsync"/>.</summary>
    public static string FleetDetectionStreamPath(string? deviceId, string? kind, long? afterId) =>
        "api/detections/stream" + Query(("deviceId", deviceId), ("kind", kind),
            ("after", afterId?.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The path of the gateway's device stream for <see cref="OpenEventStreamAsync"/>.</summary>
    public const string DeviceStreamPath = "api/devices/stream";

    public Task<GatewayResult<GatewayConfigStatus>> GetConfigAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<GatewayConfigStatus>($"api/devices/{Uri.EscapeDataString(id)}/config", cancellationToken);

    /// <summary>Sends a desired config; field errors come back keyed by the request's JSON names.</summary>
    public Task<GatewayResult<GatewayConfigStatus>> PutConfigAsync(string id, GatewayConfigRequest request,
        CancellationToken cancellationToken) =>
        SendJsonAsync<GatewayConfigStatus>(HttpMethod.Put, $"api/devices/{Uri.EscapeDataString(id)}/config",
            request, cancellationToken);

    /// <summary>
    /// <c>PUT /api/devices/{id}/labels</c>: replaces the device's labels; the answer is the stored set, sorted. 400
    /// with the field error on <c>labels</c>, 404 for an unknown device, 409 for a retired one.
    /// </summary>
    public Task<GatewayResult<GatewayDeviceLabels>> PutLabelsAsync(string id, IReadOnlyList<string> labels,
        CancellationToken cancellationToken) =>
        SendJsonAsync<GatewayDeviceLabels>(HttpMethod.Put, $"api/devices/{Uri.EscapeDataString(id)}/labels",
            new GatewayDeviceLabels(labels), cancellationToken);

    /// <summary>
    /// Devices taking a model update right now: those holding a transfer slot (offered or transferring, or being
    /// rolled back) in a rollout that is not finished.
    /// </summary>
    public async Task<GatewayResult<HashSet<string>>> GetUpdatingDeviceIdsAsync(CancellationToken cancellationToken)
    {
        var rollouts = await GetAsync<List<RolloutActivity>>("api/rollouts", cancellationToken).ConfigureAwait(false);
        if (rollouts.Value is null)
        {
            return new(null, rollouts.Problem);
        }

        var ids = rollouts.Value
            .Where(r => r.State is "running" or "paused")
            .SelectMany(r => r.Devices)
            .Where(d => d.Status is "offered" or "transferring" or "rollback_offered")
            .Select(d => d.DeviceId)
            .ToHashSet(StringComparer.Ordinal);
        return new(ids, null);
    }

    /// <summary>The few fields of a rollout the overview counts with.</summary>
    private sealed record RolloutActivity(string Id, string State, IReadOnlyList<RolloutDeviceActivity> Devices);

    private sealed record RolloutDeviceActivity(string DeviceId, string Status);

    private static string? Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A query string of the non-null pairs ("" when none).</summary>
    private static string Query(params (string Name, string? Value)[] pairs)
    {
        var parts = pairs.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value!))
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
