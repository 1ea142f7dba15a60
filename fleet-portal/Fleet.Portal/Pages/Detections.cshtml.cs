// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages;

/// <summary>
/// Live detections: the latest ones of the fleet (or one device, one kind), then new ones pushed through
/// <c>/live/detections</c> from the id of the newest one shown, so none falls between page and stream.
/// </summary>
public sealed class DetectionsModel(GatewayApiClient gateway, FrameSizes frames) : PageModel
{
    /// <summary>Detections rendered with the page (the feed keeps at most this many too).</summary>
    public const int PageSize = 30;

    /// <summary>Detector kinds of the protocol.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["face", "smile", "thermalPerson", "classifier"];

    public FrameSizes Frames => frames;

    public IReadOnlyList<GatewayDetection> Items { get; private set; } = [];

    public IReadOnlyList<string> DeviceIds { get; private set; } = [];

    public string? Device { get; private set; }

    public string? Kind { get; private set; }

    public List<GatewayProblem> Problems { get; } = [];

    /// <summary>The relay URL for the feed, continuing after the newest item shown.</summary>
    public string StreamUrl
    {
        get
        {
            var parts = new List<string>();
            if (Device is not null)
            {
                parts.Add("deviceId=" + Uri.EscapeDataString(Device));
            }

            if (Kind is not null)
            {
                parts.Add("kind=" + Uri.EscapeDataString(Kind));
            }

            // No rows shown means none match yet, so "after 0" misses nothing and repeats nothing.
            var after = Items.Count == 0 ? 0 : Items.Max(i => i.Id);
            parts.Add("after=" + after.ToString(CultureInfo.InvariantCulture));
            return "/live/detections?" + string.Join("&", parts);
        }
    }

    public async Task OnGetAsync(string? device, string? kind, CancellationToken cancellationToken)
    {
        Device = string.IsNullOrWhiteSpace(device) ? null : device.Trim();
        Kind = Kinds.Contains(kind ?? "") ? kind : null;
        var devices = gateway.GetDevicesAsync(cancellationToken);
        var items = gateway.GetFleetDetectionsAsync(Device, Kind, PageSize, cancellationToken);
        await Task.WhenAll(devices, items).ConfigureAwait(false);
        if (devices.Result.Problem is { } p1)
        {
            Problems.Add(p1);
        }

        if (items.Result.Problem is { } p2)
        {
            Problems.Add(p2);
        }

        DeviceIds = devices.Result.Value?.Select(d => d.Id).Order(StringComparer.Ordinal).ToList() ?? [];
        Items = items.Result.Value ?? [];
    }
}
