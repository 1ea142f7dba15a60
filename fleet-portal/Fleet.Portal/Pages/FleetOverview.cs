// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;

namespace Fleet.Portal.Pages;

/// <summary>
/// The overview's counts and its device table, sorted and filtered by query-string values (so it works without
/// script and a filtered view can be bookmarked). Unknown sort or filter values fall back to the defaults.
/// </summary>
public sealed class FleetOverview
{
    /// <summary>Filter values for <c>?show=</c>.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Filters =
    [
        ("", "All devices"),
        ("online", "Online"),
        ("asleep", "Asleep as scheduled"),
        ("late", "Late (missed a wake)"),
        ("offline", "Offline"),
        ("lowBattery", "Low battery"),
        ("updating", "Updating"),
        ("alerts", "With open alerts"),
    ];

    /// <summary>Sortable columns for <c>?sort=</c>.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["id", "state", "battery", "charge", "drain", "empty", "seen"];

    public FleetOverview(IReadOnlyList<GatewayDevice> devices, ISet<string> updating, string? show, string? query,
        string? sort, string? dir, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(updating);
        Updating = updating;
        Show = Filters.Any(f => f.Value == show) ? show! : "";
        Query = query?.Trim() ?? "";
        Label = label?.Trim() ?? "";
        Sort = SortKeys.Contains(sort ?? "") ? sort! : "id";
        Descending = dir == "desc";

        Total = devices.Count;
        Online = devices.Count(d => d.State == "online");
        AsleepOnSchedule = devices.Count(IsAsleepOnSchedule);
        Offline = devices.Count(d => d.State == "offline");
        LowBattery = devices.Count(IsLowBattery);
        UpdatingCount = devices.Count(d => updating.Contains(d.Id));

        var rows = devices.Where(Matches);
        rows = Sort switch
        {
            "state" => Order(rows, d => StateRank(d)),
            "battery" => Order(rows, d => d.BatteryMv ?? int.MaxValue),
            "charge" => Order(rows, d => d.StateOfChargePercent ?? double.MaxValue),
            "drain" => Order(rows, d => d.DrainPercentPerDay ?? double.MinValue),
            "empty" => Order(rows, d => d.ProjectedEmptyAt ?? DateTime.MaxValue),
            "seen" => Order(rows, d => d.LastSeen ?? DateTime.MinValue),
            _ => Order(rows, d => d.Id),
        };
        Rows = rows.ToList();
    }

    public int Total { get; }

    public int Online { get; }

    public int AsleepOnSchedule { get; }

    public int Offline { get; }

    public int LowBattery { get; }

    public int UpdatingCount { get; }

    public ISet<string> Updating { get; }

    public string Show { get; }

    public string Query { get; }

    /// <summary>Only devices carrying this label (exact match; labels are lower case); "" for any.</summary>
    public string Label { get; }

    public string Sort { get; }

    public bool Descending { get; }

    /// <summary>The devices after filter and sort.</summary>
    public IReadOnlyList<GatewayDevice> Rows { get; }

    public static bool IsAsleepOnSchedule(GatewayDevice d) => d.State == "sleeping" && d.MissedWakes == 0;

    public static bool IsLowBattery(GatewayDevice d) =>
        d.OpenAlerts.Contains("lowBattery") || d.OpenAlerts.Contains("batteryEmptySoon");

    /// <summary><c>ascending</c>/<c>descending</c> for the sorted column's <c>aria-sort</c>, else null.</summary>
    public string? AriaSort(string key) => key == Sort ? (Descending ? "descending" : "ascending") : null;

    /// <summary>The query string that sorts by <paramref name="key"/> (toggling the direction if already sorted by it).</summary>
    public string SortLink(string key) => Link(Show, Query, Label, key, key == Sort && !Descending ? "desc" : "asc");

    /// <summary>The query string that shows <paramref name="show"/> with the current search, label and sort.</summary>
    public string FilterLink(string show) => Link(show, Query, Label, Sort, Descending ? "desc" : "asc");

    /// <summary>
    /// The query string that keeps only devices labelled <paramref name="label"/> ("" for any), other filters and
    /// the sort kept.
    /// </summary>
    public string LabelLink(string label) => Link(Show, Query, label, Sort, Descending ? "desc" : "asc");

    private static string Link(string show, string query, string label, string sort, string dir)
    {
        var parts = new List<string>();
        if (show.Length > 0)
        {
            parts.Add("show=" + Uri.EscapeDataString(show));
        }

        if (query.Length > 0)
        {
            parts.Add("q=" + Uri.EscapeDataString(query));
        }

        if (label.Length > 0)
        {
            parts.Add("label=" + Uri.EscapeDataString(label));
        }

        parts.Add("sort=" + sort);
        parts.Add("dir=" + dir);
        return "/?" + string.Join("&", parts);
    }

    private bool Matches(GatewayDevice d)
    {
        if (Query.Length > 0 && !d.Id.Contains(Query, StringComparison.OrdinalIgnoreCase)
            && !(d.FirmwareVersion?.Contains(Query, StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return false;
        }

        if (Label.Length > 0 && !d.LabelList.Contains(Label, StringComparer.Ordinal))
        {
            return false;
        }

        return Show switch
        {
            "online" => d.State == "online",
            "asleep" => IsAsleepOnSchedule(d),
            "late" => d.State == "sleeping" && d.MissedWakes > 0,
            "offline" => d.State == "offline",
            "lowBattery" => IsLowBattery(d),
            "updating" => Updating.Contains(d.Id),
            "alerts" => d.OpenAlerts.Count > 0,
            _ => true,
        };
    }

    private IEnumerable<GatewayDevice> Order<TKey>(IEnumerable<GatewayDevice> rows, Func<GatewayDevice, TKey> key) =>
        Descending
            ? rows.OrderByDescending(key).ThenBy(d => d.Id, StringComparer.Ordinal)
            : rows.OrderBy(key).ThenBy(d => d.Id, StringComparer.Ordinal);

    // Offline first: the rows that need a visit come to the top of an ascending sort.
    private static int StateRank(GatewayDevice d) => d.State switch
    {
        "offline" => 0,
        "sleeping" when d.MissedWakes > 0 => 1,
        "unknown" => 2,
        "online" => 3,
        _ => 4,
    };
}
