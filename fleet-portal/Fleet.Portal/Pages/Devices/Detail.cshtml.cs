// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Charts;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages.Devices;

/// <summary>
/// One device: battery over time with the projected empty date, energy per firmware state from the wake ledger,
/// detections timeline, what it runs, its labels with an editor (operators), desired against reported config with an
/// editor (operators), and retiring it (operators, after an explicit confirmation). Its credentials panel posts to
/// <see cref="CredentialsModel"/>.
/// </summary>
public sealed class DetailModel(GatewayApiClient gateway, TimeProvider time) : PageModel
{
    /// <summary>Ranges offered for the charts; <c>auto</c> shows the last day, or the last hour when the day holds
    /// too few points to draw (a device just added, or the demo).</summary>
    public static readonly IReadOnlyList<(string Value, string Label, TimeSpan Span)> Ranges =
    [
        ("auto", "Automatic", TimeSpan.FromDays(1)),
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("1d", "Last day", TimeSpan.FromDays(1)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
        ("30d", "Last 30 days", TimeSpan.FromDays(30)),
    ];

    /// <summary>Detections listed in the timeline.</summary>
    public const int TimelineSize = 20;

    public string Id { get; private set; } = "";

    public GatewayDevice? Device { get; private set; }

    public GatewayConfigStatus? Config { get; private set; }

    public GatewayTelemetrySeries? Telemetry { get; private set; }

    public IReadOnlyList<GatewayDetection> Detections { get; private set; } = [];

    public string Range { get; private set; } = "auto";

    public TimeSpan RangeShown { get; private set; }

    public List<GatewayProblem> Problems { get; } = [];

    /// <summary>The config editor's values (posted ones after a refused change).</summary>
    [BindProperty]
    public ConfigForm Form { get; set; } = new();

    /// <summary>Field errors of the last change (the gateway's, or text that was no number), keyed by API name.</summary>
    public Dictionary<string, string[]> FieldErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The labels field as typed (after a refused change), else the device's labels.</summary>
    public string LabelsText { get; private set; } = "";

    /// <summary>The gateway's message for <c>labels</c> after a refused change, or null.</summary>
    public string? LabelsError { get; private set; }

    /// <summary>Why the last retire request was not sent (no confirmation), or null.</summary>
    public string? RetireError { get; private set; }

    /// <summary>The config version just sent (after the redirect), for the notice.</summary>
    public uint? SentVersion { get; private set; }

    public bool IsOperator => User.IsInRole(PortalRoles.Operator);

    public bool CanChange => gateway.CanChange;

    public async Task<IActionResult> OnGetAsync(string id, string? range, string? sent, CancellationToken cancellationToken)
    {
        if (uint.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            SentVersion = v;
        }

        await LoadAsync(id, range, cancellationToken).ConfigureAwait(false);
        FillFormFromConfig();
        return Device is null && Problems.Any(p => p.Status == StatusCodes.Status404NotFound) ? NotFoundPage() : Page();
    }

    /// <summary>
    /// Retires the device (operators only: <see cref="OperatorPostFilter"/>; antiforgery checked) once the operator
    /// ticked the confirmation; the overview then says so. The browser insists on the tick too, but a request
    /// without it is refused here as well, so nothing is retired by a stray submit.
    /// </summary>
    public async Task<IActionResult> OnPostRetireAsync(string id, bool confirm, CancellationToken cancellationToken)
    {
        GatewayProblem? refused = null;
        if (!confirm)
        {
            RetireError = $"Tick the box to confirm that {id} is to be retired.";
        }
        else
        {
            var result = await gateway.RetireDeviceAsync(id, cancellationToken).ConfigureAwait(false);
            if (result.Problem is null)
            {
                return Redirect("/?retired=" + Uri.EscapeDataString(id));
            }

            refused = result.Problem;
        }

        await LoadAsync(id, null, cancellationToken).ConfigureAwait(false);
        FillFormFromConfig();
        if (refused is not null)
        {
            Problems.Add(refused);
        }

        Response.StatusCode = refused?.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>
    /// Replaces the device's labels with those typed (separated by spaces or commas; operators only:
    /// <see cref="OperatorPostFilter"/>; antiforgery checked). The rules are the gateway's: its 400 lands next to
    /// the field, with the text as typed.
    /// </summary>
    public async Task<IActionResult> OnPostLabelsAsync(string id, string? labels, CancellationToken cancellationToken)
    {
        var result = await gateway.PutLabelsAsync(id, SplitLabels(labels), cancellationToken).ConfigureAwait(false);
        if (result.Problem is null)
        {
            return Redirect($"/devices/{Uri.EscapeDataString(id)}#labels");
        }

        await LoadAsync(id, null, cancellationToken).ConfigureAwait(false);
        FillFormFromConfig();
        LabelsText = labels ?? "";
        LabelsError = result.Problem.ErrorFor("labels");
        if (LabelsError is null)
        {
            Problems.Add(result.Problem);
        }

        Response.StatusCode = result.Problem.Status;
        return Page();
    }

    /// <summary>The labels of the form's text: separated by commas or white space, empty parts dropped.</summary>
    public static IReadOnlyList<string> SplitLabels(string? text) =>
        (text ?? "").Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Sends the edited config (operators only: <see cref="OperatorPostFilter"/>; antiforgery checked).</summary>
    public async Task<IActionResult> OnPostConfigAsync(string id, CancellationToken cancellationToken)
    {
        var request = Form.ToRequest(FieldErrors);
        if (request is not null)
        {
            var result = await gateway.PutConfigAsync(id, request, cancellationToken).ConfigureAwait(false);
            if (result.Value is { Desired: { } desired })
            {
                return Redirect($"/devices/{Uri.EscapeDataString(id)}?sent="
                    + desired.ConfigVersion.ToString(CultureInfo.InvariantCulture) + "#config");
            }

            if (result.Problem is { } problem)
            {
                foreach (var (field, messages) in problem.Errors)
                {
                    FieldErrors[field] = messages;
                }

                if (problem.Errors.Count == 0)
                {
                    Problems.Add(problem);
                }
            }
        }

        await LoadAsync(id, null, cancellationToken).ConfigureAwait(false);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The first error for a field, or null.</summary>
    public string? ErrorFor(string field) =>
        FieldErrors.TryGetValue(field, out var m) && m.Length > 0 ? string.Join(" ", m) : null;

    /// <summary>The voltage chart's series.</summary>
    public IReadOnlyList<ChartSeries> VoltageSeries() => Telemetry is null
        ? []
        : [new ChartSeries("Battery, mean", Telemetry.Points.Select(p => new ChartPoint(p.Start, p.BatteryMvAvg)).ToList(), "series-a")];

    /// <summary>
    /// The charge chart's series: measured, and the projection to 0 % when it ends within three chart ranges
    /// (further out it would squash the measurements into a sliver; the date is given in text either way).
    /// </summary>
    public IReadOnlyList<ChartSeries> ChargeSeries()
    {
        if (Telemetry is null)
        {
            return [];
        }

        var measured = Telemetry.Points.Select(p => new ChartPoint(p.Start, p.StateOfChargePercentAvg)).ToList();
        var series = new List<ChartSeries> { new("Charge, mean", measured, "series-a") };
        if (measured.Count > 0 && Device?.ProjectedEmptyAt is { } empty && empty > measured[^1].Time
            && empty - measured[^1].Time <= 3 * RangeShown)
        {
            series.Add(new ChartSeries("Projected", [measured[^1], new ChartPoint(empty, 0)], "series-c", Dashed: true));
        }

        return series;
    }

    /// <summary>Detections per bucket over the detections listed (a timeline of activity).</summary>
    public IReadOnlyList<ChartSeries> DetectionSeries()
    {
        if (Detections.Count == 0)
        {
            return [];
        }

        var from = Detections.Min(d => d.ReceivedAt);
        var to = Detections.Max(d => d.ReceivedAt);
        const int buckets = 20;
        var width = Math.Max(1, (to - from).Ticks / buckets + 1);
        var counts = new int[buckets];
        foreach (var d in Detections)
        {
            counts[Math.Min(buckets - 1, (int)((d.ReceivedAt - from).Ticks / width))] += d.Boxes.Count;
        }

        var points = counts.Select((c, i) => new ChartPoint(from + TimeSpan.FromTicks(width * i), c)).ToList();
        return [new ChartSeries("Boxes", points, "series-b")];
    }

    /// <summary>Charge per state of the latest ledger, in the firmware's order.</summary>
    public IReadOnlyList<ChartBar> LedgerBars() => Device?.WakeLedger is { } ledger
        ? ledger.ChargeUc.Select(kv => new ChartBar(kv.Key, kv.Value)).ToList()
        : [];

    /// <summary>Starts the editor from the desired config, or from what the device reported when none is set.</summary>
    private void FillFormFromConfig()
    {
        if (Config?.Desired is { } desired)
        {
            Form = ConfigForm.From(desired);
        }
        else if (Config?.Reported is { } reported)
        {
            Form = ConfigForm.From(reported.Config);
        }
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task LoadAsync(string id, string? range, CancellationToken cancellationToken)
    {
        Id = id;
        Range = Ranges.Any(r => r.Value == range) ? range! : "auto";
        var span = Ranges.First(r => r.Value == Range).Span;
        var now = time.GetUtcNow();

        var device = gateway.GetDeviceAsync(id, cancellationToken);
        var config = gateway.GetConfigAsync(id, cancellationToken);
        var telemetry = gateway.GetTelemetryAsync(id, now - span, now, cancellationToken);
        var detections = gateway.GetDeviceDetectionsAsync(id, null, TimelineSize, cancellationToken);
        await Task.WhenAll(device, config, telemetry, detections).ConfigureAwait(false);

        Device = device.Result.Value;
        LabelsText = string.Join(' ', Device?.LabelList ?? []);
        if (device.Result.Problem is { } p)
        {
            // One "unknown device" says it all; the other three calls would only repeat it. The gateway answers this
            // GET with a bare 404, so the portal names the device itself.
            Problems.Add(p.Status == StatusCodes.Status404NotFound
                ? p with { Title = "Unknown device", Detail = $"The gateway has no device '{id}'." }
                : p);
            return;
        }

        Config = config.Result.Value;
        Telemetry = telemetry.Result.Value;
        Detections = detections.Result.Value?.Items ?? [];
        RangeShown = span;
        if (Range == "auto" && Telemetry is { Points.Count: < 4 })
        {
            var shortSpan = TimeSpan.FromHours(1);
            var closer = await gateway.GetTelemetryAsync(id, now - shortSpan, now, cancellationToken).ConfigureAwait(false);
            if (closer.Value is { } c)
            {
                Telemetry = c;
                RangeShown = shortSpan;
            }
        }

        foreach (var problem in new[] { config.Result.Problem, telemetry.Result.Problem, detections.Result.Problem })
        {
            if (problem is not null)
            {
                Problems.Add(problem);
            }
        }
    }
}
