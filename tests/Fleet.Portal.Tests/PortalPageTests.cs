// SPDX-License-Identifier: MIT
using System.Net;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>Drives the portal page of a real gateway running its demo fleet, in headless Chromium.</summary>
public sealed class PortalPageTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const float DevicesTimeoutMs = 60_000;

    // Rows whose battery cell carries a number; the page writes it to data-value as well as the visible text.
    private const string CountRowsWithBatteryJs = """
        () => [...document.querySelectorAll('#device-rows tr[data-device-id]')]
            .filter(tr => /^\d+$/.test(tr.querySelector('td[data-field="batteryMv"]')?.dataset.value ?? ''))
            .length
        """;

    private static string ResultsDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults");

    [Fact]
    public async Task Portal_DemoFleet_ShowsAtLeastFiveDevicesWithNumericBattery()
    {
        IPage page = await gateway.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        await page.GotoAsync(gateway.BaseUrl);

        await WaitOrFailAsync(page, $"() => ({CountRowsWithBatteryJs})() >= 5", "five device rows with a battery value");

        ILocator rows = page.Locator("#device-rows tr[data-device-id]");
        int count = await rows.CountAsync();
        for (int i = 0; i < count; i++)
        {
            string? mv = await rows.Nth(i).Locator("td[data-field=\"batteryMv\"]").GetAttributeAsync("data-value");
            if (int.TryParse(mv, out int millivolts))
            {
                Assert.InRange(millivolts, 3000, 4300);
                Assert.Matches(@"^\d+ mV$", await rows.Nth(i).Locator("td[data-field=\"batteryMv\"]").InnerTextAsync());
            }
        }

        Assert.True(int.Parse(await page.Locator("#summary-total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 5);
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(page.Locator("#summary-lowest-battery")).ToContainTextAsync(" mV");

        Directory.CreateDirectory(ResultsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsDirectory, "portal.png"), FullPage = true });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Portal_SensorWakes_RowUpdatesWithoutReload()
    {
        IPage page = await gateway.Browser.NewPageAsync();
        await page.GotoAsync(gateway.BaseUrl);
        await WaitOrFailAsync(page, $"() => ({CountRowsWithBatteryJs})() >= 1", "a device row with a battery value");

        // A marker on window survives only if the page is never reloaded.
        await page.EvaluateAsync("() => { window.__fleetNoReload = true; }");
        string snapshotJs = """
            () => Object.fromEntries([...document.querySelectorAll('#device-rows tr[data-device-id]')].map(tr =>
                [tr.dataset.deviceId, tr.dataset.lastSeen + '|' + tr.querySelector('td[data-field="batteryMv"]').dataset.value]))
            """;
        Dictionary<string, string> before = await page.EvaluateAsync<Dictionary<string, string>>(snapshotJs);

        await page.EvaluateAsync("before => { window.__fleetBefore = before; }", before);
        await WaitOrFailAsync(page, """
            () => window.__fleetNoReload === true && [...document.querySelectorAll('#device-rows tr[data-device-id]')].some(tr => {
                const was = window.__fleetBefore[tr.dataset.deviceId];
                const now = tr.dataset.lastSeen + '|' + tr.querySelector('td[data-field="batteryMv"]').dataset.value;
                return was !== undefined && was !== now;
            })
            """, "a row whose last-seen or battery changed without a reload", timeoutMs: 45_000);

        Assert.True(await page.EvaluateAsync<bool>("() => window.__fleetNoReload === true"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Portal_NarrowWindow_ShowsDevicesAsCards()
    {
        IPage page = await gateway.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.GotoAsync(gateway.BaseUrl);
        await WaitOrFailAsync(page, $"() => ({CountRowsWithBatteryJs})() >= 1", "a device row with a battery value");

        // No horizontal scrolling: the table reflows into cards below 720 px.
        bool overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflows, "the page scrolls sideways in a 390 px window");
        await Assertions.Expect(page.Locator("#device-rows tr[data-device-id]").First).ToBeVisibleAsync();

        Directory.CreateDirectory(ResultsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsDirectory, "portal-narrow.png"), FullPage = true });
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/portal/portal.css", "text/css")]
    [InlineData("/portal/portal.js", "text/javascript")]
    public async Task PortalEndpoints_KnownFile_ServedWithContentType(string path, string contentType)
    {
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };

        using HttpResponseMessage response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/portal/nope.js")]
    [InlineData("/portal/../Fleet.Gateway.dll")]
    public async Task PortalEndpoints_UnknownFile_Returns404(string path)
    {
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };

        using HttpResponseMessage response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task WaitOrFailAsync(IPage page, string predicateJs, string what, float timeoutMs = DevicesTimeoutMs)
    {
        try
        {
            await page.WaitForFunctionAsync(predicateJs, null, new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 250 });
        }
        catch (TimeoutException)
        {
            string rows = await page.Locator("#device-rows").InnerTextAsync();
            string connection = await page.Locator("#connection").InnerTextAsync();
            Assert.Fail($"Timed out after {timeoutMs / 1000} s waiting for {what}.\nIndicator: {connection}\nRows:\n{rows}\n"
                + $"--- gateway output ---\n{gateway.Output}");
        }
    }
}
