// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// Overview, live detections and the device page against the demo fleet (six virtual sensors: demo-cam-01…05 and
/// demo-thermal-01), in headless Chromium. Each page is checked with axe and photographed.
/// </summary>
public sealed partial class PortalPagesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const int DemoSensors = 6;

    // Demo devices that reported at least once: their state is no longer "unknown". (Tests add devices of their own,
    // so only the demo's are counted.)
    private const string CountReportedJs =
        "() => document.querySelectorAll('#devices tbody tr[data-device-id^=\"demo-\"]:not([data-state=\"unknown\"])').length";

    [Fact]
    public async Task Overview_DevicesComeOnline_WithoutReload()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.EvaluateAsync("() => { window.__noReload = true; }");

        // Generous: at the start of a CI run every test project starts at once on two cores, and the demo's six
        // sensors (Haar and the CNN in the gateway's process) come up slowly; the wait ends as soon as they show.
        try
        {
            await page.WaitForFunctionAsync($"() => ({CountReportedJs})() >= {DemoSensors}", null, new() { Timeout = 150_000 });
        }
        catch (TimeoutException ex)
        {
            // Say whether the page or the gateway was behind: the rows as drawn, and the gateway's own states.
            string rows = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('#devices tbody tr')].map(r => r.dataset.deviceId + '=' + r.dataset.state).join(', ')");
            string live = await page.Locator("[data-live-source]").InnerTextAsync();
            using var http = new HttpClient();
            string api = await http.GetStringAsync(new Uri(new Uri(gateway.BaseUrl), "/api/devices"));
            throw new InvalidOperationException($"demo sensors not all shown as reported: page rows [{rows}]; live status "
                + $"'{live}'; gateway /api/devices {api[..Math.Min(api.Length, 1500)]}", ex);
        }

        // A sensor that is asleep but has missed a wake ("late") counts as neither online, asleep on schedule nor
        // offline; under a loaded CI machine all six can be late at one moment (seen once). Each wake makes its
        // sensor online, and the page redraws the counts live, so wait for that rather than read them at once.
        await page.WaitForFunctionAsync(
            "() => ['#count-online', '#count-asleep'].some(id => parseInt(document.querySelector(id + ' .n').textContent.replace(/\\D/g, ''), 10) > 0)",
            null, new() { Timeout = 120_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");
        int total = Count(await page.Locator("#count-total .n").InnerTextAsync());
        int online = Count(await page.Locator("#count-online .n").InnerTextAsync());
        int asleep = Count(await page.Locator("#count-asleep .n").InnerTextAsync());
        int offline = Count(await page.Locator("#count-offline .n").InnerTextAsync());
        Assert.True(total >= DemoSensors, $"total {total}");
        Assert.True(online + asleep >= 1 && online + asleep + offline <= total, $"online {online}, asleep {asleep}, offline {offline}");
        await Assertions.Expect(page.Locator("[data-live-source]")).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='demo-cam-01'] td[data-value]"))
            .ToHaveAttributeAsync("data-value", new Regex(@"^\d{4}$"));

        await GatewayFixture.ScreenshotAsync(page, "overview-desktop");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(GatewayFixture.Phone.Width, GatewayFixture.Phone.Height);
        await GatewayFixture.ScreenshotAsync(page, "overview-phone");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overview_SortAndFilter_WorkServerSideWithoutScript()
    {
        IBrowserContext context = await gateway.Browser.NewContextAsync(new() { BaseURL = gateway.BaseUrl, JavaScriptEnabled = false });
        IPage page = await context.NewPageAsync();
        await gateway.SignInAsync(page, gateway.Viewer.Name, gateway.Viewer.Password);
        await gateway.ExpectSignedInAsync(page);

        await page.GotoAsync("/?q=thermal");
        Assert.Equal(["demo-thermal-01"], await RowIdsAsync(page));

        await page.GotoAsync("/?q=demo-&sort=id&dir=desc");
        IReadOnlyList<string> desc = await RowIdsAsync(page);
        Assert.Equal(DemoSensors, desc.Count);
        Assert.Equal(desc.OrderDescending(StringComparer.Ordinal), desc);
        await Assertions.Expect(page.Locator("th[aria-sort='descending']")).ToContainTextAsync("Device");

        // The header link toggles the direction.
        await page.Locator("th[aria-sort='descending'] a").ClickAsync();
        // A click returns once the new document commits; wait for it to load before reading its rows.
        await page.WaitForURLAsync(new Regex("dir=asc"));
        Assert.Equal(desc.Order(StringComparer.Ordinal), await RowIdsAsync(page));

        // The filter form (a GET) keeps the sort.
        await page.GetByLabel("Device or firmware contains").FillAsync("cam-0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("q=cam-0"));
        Assert.All(await RowIdsAsync(page), id => Assert.StartsWith("demo-cam-0", id, StringComparison.Ordinal));
        Assert.Contains("sort=id", page.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Detections_NewDetectionAppearsLive_WithBoxesAndLabelsOverAFrameOutline()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-det-01");
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync($"/detections?device={device.Id}");
        await Assertions.Expect(page.Locator("#feed-status")).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(page.Locator("#feed li")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => { window.__noReload = true; }");

        await device.SendDetectionAsync(Fleet.Contracts.Messages.DetectorKind.Face,
            new Fleet.Contracts.Messages.DetectionBox(10, 20, 40, 30, 8_700, "face"),
            new Fleet.Contracts.Messages.DetectionBox(100, 50, 30, 30, 6_100, "face"));

        ILocator item = page.Locator("#feed li.new");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");
        Assert.Equal(device.Id, await item.GetAttributeAsync("data-device"));
        Assert.Equal("face", await item.GetAttributeAsync("data-kind"));
        Assert.Equal("0 0 160 120", await item.Locator("svg.frame").GetAttributeAsync("viewBox"));
        await Assertions.Expect(item.Locator("rect.frame-outline")).ToHaveCountAsync(1);
        ILocator first = item.Locator("rect.box").First;
        string placed = string.Join(',', await first.GetAttributeAsync("x"), await first.GetAttributeAsync("y"),
            await first.GetAttributeAsync("width"), await first.GetAttributeAsync("height"));
        Assert.Equal("10,20,40,30", placed);
        await Assertions.Expect(item.Locator("text.box-label")).ToHaveTextAsync(["face 0.87", "face 0.61"]);
        await Assertions.Expect(page.Locator("#feed-empty")).ToBeHiddenAsync();

        // A second one goes on top, newest first.
        await device.SendDetectionAsync(Fleet.Contracts.Messages.DetectorKind.Face);
        await Assertions.Expect(page.Locator("#feed li")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#feed li").First.Locator("rect.box")).ToHaveCountAsync(0);

        await GatewayFixture.ScreenshotAsync(page, "detections-live");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Detections_AllDevices_ShowsTheDemoFleetsDetectionsAndStaysAccessible()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync("/detections");
        // The demo's sensors report every wake; within a few wakes the feed has items, from the page or live.
        await Assertions.Expect(page.Locator("#feed li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await GatewayFixture.ScreenshotAsync(page, "detections-desktop");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DevicePage_OperatorRetiresADevice_ItIsDisconnectedRefusedAndLeavesTheOverview()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-retire-01");
        await device.SendTelemetryAsync(3900, 800, null);
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync("/?q=bench-retire-01");
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='bench-retire-01']")).ToHaveCountAsync(1);

        await page.GotoAsync($"/devices/{device.Id}");
        ILocator form = page.Locator("#retire-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await GatewayFixture.AssertAccessibleAsync(page);

        // Without the tick the browser does not send the form; a request without it is refused by the page too.
        await form.GetByRole(AriaRole.Button, new() { Name = "Retire device" }).ClickAsync();
        Assert.False(await page.Locator("#retire-confirm").EvaluateAsync<bool>("e => e.checkValidity()"));
        string token = await form.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value")
            ?? throw new InvalidOperationException("no antiforgery token in the retire form");
        IFormData unconfirmed = page.APIRequest.CreateFormData();
        unconfirmed.Set("__RequestVerificationToken", token);
        IAPIResponse refused = await page.APIRequest.PostAsync($"/devices/{device.Id}?handler=Retire",
            new() { Form = unconfirmed, MaxRedirects = 0 });
        Assert.Equal(400, refused.Status);
        Assert.Contains("Tick the box", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.True(device.IsConnected, "an unconfirmed request retired the device");

        await page.GetByLabel($"Yes, retire {device.Id}").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Retire device" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("retired=bench-retire-01"));
        await Assertions.Expect(page.Locator("#retired-notice")).ToContainTextAsync(device.Id);
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='bench-retire-01']")).ToHaveCountAsync(0);
        await GatewayFixture.ScreenshotAsync(page, "overview-after-retire");

        // The embedded broker closed its connection, and the same secret is refused from now on.
        for (int i = 0; i < 600 && device.IsConnected; i++)
        {
            await Task.Delay(50);
        }

        Assert.False(device.IsConnected, "the retired device's connection is still open");
        Assert.NotEqual(MQTTnet.MqttClientConnectResultCode.Success, await device.TryReconnectAsync());

        // Its page stays, says so, and offers no changes.
        await page.GotoAsync($"/devices/{device.Id}");
        await Assertions.Expect(page.Locator("#retired-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#retire-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#config-form")).ToHaveCountAsync(0);
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DevicePage_EnergyByState_DrawsTheWakeLedger()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-energy-01");
        // sleep, wake, sensorWarmup, capture, detect, radioConnect, radioTx, radioRx (µC)
        await device.SendTelemetryAsync(3900, 870, [5000, 200, 50, 300, 9000, 400, 250, 100]);
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync($"/devices/{device.Id}");

        ILocator chart = page.Locator("svg[aria-labelledby^='energy-chart']");
        await Assertions.Expect(chart).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(chart.Locator("rect.chart-bar")).ToHaveCountAsync(8);
        await Assertions.Expect(chart.Locator("desc")).ToHaveTextAsync("Largest share: detect.");
        double detect = double.Parse(await chart.Locator("rect.chart-bar").Nth(4).GetAttributeAsync("width") ?? "0", CultureInfo.InvariantCulture);
        double sleep = double.Parse(await chart.Locator("rect.chart-bar").Nth(0).GetAttributeAsync("width") ?? "0", CultureInfo.InvariantCulture);
        Assert.InRange(sleep / detect, 5000.0 / 9000 - 0.01, 5000.0 / 9000 + 0.01);
        await Assertions.Expect(page.Locator("#live-energy")).ToContainTextAsync("15300 µC in all");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Detections_KindFilter_ShowsOnlyThatKind()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync("/detections");
        await page.GetByLabel("Kind").SelectOptionAsync("thermalPerson");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("kind=thermalPerson"));

        await Assertions.Expect(page.Locator("#feed li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        IReadOnlyList<string> kinds = await page.Locator("#feed li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)");
        Assert.All(kinds, k => Assert.Equal("thermalPerson", k));
        Assert.Equal("0 0 32 24", await page.Locator("#feed li svg.frame").First.GetAttributeAsync("viewBox"));
        await page.SetViewportSizeAsync(GatewayFixture.Phone.Width, GatewayFixture.Phone.Height);
        await GatewayFixture.ScreenshotAsync(page, "detections-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DevicePage_ShowsBatteryChartsEnergyAndDetections()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync("/devices/demo-cam-02");
        // A few wakes give the charts points and the timeline something to show; from its second telemetry on, a
        // demo sensor sends the ledger of its previous wake (DevicePage_EnergyByState_DrawsTheWakeLedger checks the
        // drawing against known figures).
        await Assertions.Expect(page.Locator(".timeline li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        ILocator energy = page.Locator("svg[aria-labelledby^='energy-chart']");
        await Assertions.Expect(energy).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(energy.Locator("rect.chart-bar")).ToHaveCountAsync(8);
        await Assertions.Expect(page.Locator("#live-energy")).ToContainTextAsync("µC in all");

        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("demo-cam-02"));
        await Assertions.Expect(page.Locator("svg[aria-labelledby^='voltage-chart'] polyline.chart-line")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("svg[aria-labelledby^='charge-chart'] polyline.chart-line").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("svg[aria-labelledby^='detections-chart']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#current-model")).ToContainTextAsync("face");

        await GatewayFixture.ScreenshotAsync(page, "device-desktop");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(GatewayFixture.Phone.Width, GatewayFixture.Phone.Height);
        await GatewayFixture.ScreenshotAsync(page, "device-phone");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DevicePage_UnknownDevice_Is404WithTheGatewaysMessage()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        IResponse? response = await page.GotoAsync("/devices/no-such-device");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Unknown device");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConfigEditor_RejectsInvalidValues_ThenSendsAndSeesTheDeviceReportItBack()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync("/devices/demo-cam-03");
        // The demo's first config reaches the device without the API, so there is a reported config and no desired one.
        await Assertions.Expect(page.Locator("#config-sync")).ToHaveAttributeAsync("data-reported-version", new Regex(@"^\d+$"), new() { Timeout = 30_000 });
        string versionBefore = await page.Locator("#config-sync").GetAttributeAsync("data-desired-version") ?? "";

        // 1. A client hint: out of range, shown next to the field, nothing sent.
        ILocator wake = page.GetByLabel("Wake interval (seconds)");
        await wake.FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to device" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_WakeIntervalSeconds-client-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(wake).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".notice")).ToHaveCountAsync(0);

        // 2. A rule only the gateway knows: quiet hours need both ends. Its message lands next to the field.
        await wake.FillAsync("2");
        await page.GetByLabel("Quiet hours start (minute of the UTC day)").FillAsync("600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to device" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_QuietEndMin-error")).ToContainTextAsync("Quiet hours need both");
        Assert.Equal(versionBefore, await page.Locator("#config-sync").GetAttributeAsync("data-desired-version"));

        // 3. A valid change goes out; the device applies it on its next wake and the page shows it without reload.
        await page.GetByLabel("Quiet hours start (minute of the UTC day)").FillAsync("");
        await page.GetByLabel("Score threshold (per myriad)").FillAsync("4321");
        await page.GetByLabel("Telemetry every N wakes").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to device" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Sent as version");
        string sent = await page.Locator("#config-sync").GetAttributeAsync("data-desired-version") ?? "";
        Assert.NotEqual(versionBefore, sent);
        await page.EvaluateAsync("() => { window.__noReload = true; }");

        await Assertions.Expect(page.Locator("#config-sync")).ToHaveAttributeAsync("data-reported-version", sent, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#config-sync")).ToHaveAttributeAsync("data-in-sync", "true");
        await Assertions.Expect(page.Locator("#config-table tr[data-setting='Score threshold'] td.reported")).ToHaveTextAsync("4321 ‱");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");
        await GatewayFixture.ScreenshotAsync(page, "device-config-sent");
        await page.Context.CloseAsync();
    }

    private static int Count(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<string>> RowIdsAsync(IPage page) =>
        await page.Locator("#devices tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.deviceId)");
}
