// SPDX-License-Identifier: MIT
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// The soak fields of the start-rollout form in headless Chromium against the real gateway and its virtual sensors:
/// the gateway's refusal of a bad soak (or detection-rate guard factor) lands on its field, and a rollout started with a soak shows its settings and,
/// once the first wave has passed its gate, "Soaking wave 1 until …" with the second wave still pending.
/// </summary>
public sealed class RolloutSoakPageTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string ModelId = "portal-soak";
    private static readonly TimeSpan WaveTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Operator_StartsARolloutWithASoak_SeesItsSettingsAndTheSoak_AndBadValuesOnTheirFields()
    {
        await WaitForDevicesAsync();
        await gateway.UploadModelThroughApiAsync(ModelId, 1);
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync($"/models/{ModelId}/1");
        var soakTime = page.GetByLabel("Soak time (minutes)");
        var soakWakes = page.GetByLabel("Soak wakes");
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" });

        // The soak's limits are the gateway's: its 400 names the field and the page puts it there.
        await soakTime.FillAsync("-5");
        await start.ClickAsync();
        await Assertions.Expect(page.Locator("#soaktime-err")).ToContainTextAsync("0 to 7 days");
        await Assertions.Expect(page.GetByLabel("Soak time (minutes)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Soak time (minutes)")).ToHaveValueAsync("-5");

        await page.GetByLabel("Soak time (minutes)").FillAsync("90");
        await page.GetByLabel("Soak wakes").FillAsync("101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page.Locator("#soakwakes-err")).ToContainTextAsync("0 to 100");
        await Assertions.Expect(page.GetByLabel("Soak wakes")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#soaktime-err")).ToBeEmptyAsync();
        await GatewayFixture.AssertAccessibleAsync(page);

        // The detection-rate guard's factor is checked by the gateway too: 1 would call every device shifted.
        await page.GetByLabel("Soak wakes").FillAsync("2");
        await page.GetByLabel("Detection-rate guard (factor)").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page.Locator("#detectionshift-err")).ToContainTextAsync("above 1");
        await Assertions.Expect(page.GetByLabel("Detection-rate guard (factor)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#soakwakes-err")).ToBeEmptyAsync();
        Assert.DoesNotContain(ModelId, await ApiAsync("/api/rollouts"), StringComparison.Ordinal);
        // Off (0) is accepted. Not a factor here: the demo's sensors never ran this model, so their baselines are zero
        // detections and the new model's first few detections could fault them and end the soak below in an abort.
        await page.GetByLabel("Detection-rate guard (factor)").FillAsync("0");

        await page.GetByLabel("Waves (cumulative % of the target)").FillAsync("50, 100");
        await page.GetByLabel("Battery threshold (% state of charge)").FillAsync("0");
        await page.GetByLabel("Soak time (minutes)").FillAsync("90");
        await page.GetByLabel("Soak wakes").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/rollouts/r-[0-9a-f]+$"));
        var id = new Uri(page.Url).Segments[^1];

        await Assertions.Expect(page.Locator("#soak-policy")).ToContainTextAsync("01:30:00 or 2 wakes");
        await Assertions.Expect(page.Locator("#detection-policy")).ToContainTextAsync("off");

        // The sensors wake every 2 s: wave 1 activates, passes its gate and soaks; the page shows it without a reload.
        var soak = page.Locator("#rollout-soak");
        await Assertions.Expect(soak).ToContainTextAsync("Soaking wave 1 until",
            new() { Timeout = (float)WaveTimeout.TotalMilliseconds });
        using (var rollout = JsonDocument.Parse(await ApiAsync($"/api/rollouts/{id}")))
        {
            var until = rollout.RootElement.GetProperty("soakingUntil").GetDateTime().ToUniversalTime();
            await Assertions.Expect(soak).ToContainTextAsync(
                until.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC");
            // Wave 1 passed its gate moments ago, so the soak ends about 90 minutes from now.
            Assert.InRange((until - DateTime.UtcNow).TotalMinutes, 85, 90.1);
        }

        await Assertions.Expect(page.Locator("#waves-table tbody tr").First.Locator("td").First).ToHaveTextAsync("soaking");
        await Assertions.Expect(page.Locator("#waves-table tbody tr").Nth(1).Locator("td").Last).ToHaveTextAsync(new Regex("^pending: [0-9]+$"));
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "rollout-soaking-desktop");

        // Leave the sensors as they were for the next test: an abort withdraws nothing here (no wave-2 offer went out).
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort and roll back" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rollout-status")).ToContainTextAsync("aborted");
        await Assertions.Expect(soak).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private async Task<string> ApiAsync(string path)
    {
        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        return await api.GetStringAsync(path);
    }

    /// <summary>Waits until the demo's six sensors have been seen, so the waves split the whole fleet (3 + 3).</summary>
    private async Task WaitForDevicesAsync()
    {
        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        while (true)
        {
            var json = await api.GetStringAsync("/api/devices", timeout.Token);
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.GetArrayLength() >= 6
                && doc.RootElement.EnumerateArray().All(d => d.GetProperty("lastSeen").ValueKind != JsonValueKind.Null))
            {
                return;
            }

            await Task.Delay(250, timeout.Token);
        }
    }
}
