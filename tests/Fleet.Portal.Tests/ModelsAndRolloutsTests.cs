// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// Models and rollouts in headless Chromium against the real gateway and its virtual sensors: a signed model is
/// uploaded through the form, its preview shown, a held rollout paused, resumed and aborted, and a second one
/// watched to completion without reloading; a viewer sees no controls and a forged POST is refused.
/// </summary>
public sealed partial class ModelsAndRolloutsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly TimeSpan RolloutTimeout = TimeSpan.FromMinutes(3);
    private readonly string _files = Path.Combine(Path.GetTempPath(), "fleet-portal-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_files))
        {
            Directory.Delete(_files, recursive: true);
        }
    }

    [Fact]
    public async Task Operator_UploadsSignedModel_SeesPreview_RollsItOut_AndWatchesItComplete()
    {
        await WaitForDevicesAsync();
        var model = PortalTestModels.Model("portal-e2e", 1);
        var (modelPath, sigPath, reportPath) = PortalTestModels.WriteFiles(_files, "portal-e2e-1", model, gateway.ModelKey,
            PortalTestModels.Report(7_133_187, 0.9365));
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);

        // Upload through the form: model, signature and the measured report.
        await page.GotoAsync("/models");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Model (.flmd)").SetInputFilesAsync(modelPath);
        await page.GetByLabel("Signature (.sig)").SetInputFilesAsync(sigPath);
        await page.GetByLabel("Measured report (.json, optional)").SetInputFilesAsync(reportPath!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/models/portal-e2e/1"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Uploaded");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("7,133,187");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("93.65 % (portal-e2e, 500 samples)");

        // The preview: one row per fleet group of the demo (face cameras and the thermal sensor), and the plot.
        var rows = page.Locator("#preview-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#preview-table")).ToContainTextAsync("face every");
        await Assertions.Expect(page.Locator("#preview-table")).ToContainTextAsync("thermalPerson every");
        var plot = page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("battery life per group") });
        await Assertions.Expect(plot).ToBeVisibleAsync();
        Assert.True(await plot.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the preview plot did not load");
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "model-details-desktop");

        // An invalid wave plan is refused next to its field; nothing is created.
        await page.GetByLabel("Waves (cumulative % of the target)").FillAsync("50, 40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page.Locator("#waves-err")).ToContainTextAsync("rising percentages");
        await Assertions.Expect(page.GetByLabel("Waves (cumulative % of the target)")).ToHaveAttributeAsync("aria-invalid", "true");

        // Pause, resume and abort on a rollout that cannot move on its own: a threshold of 100 % defers every
        // device (all have reported a charge below it), so no offer goes out and nothing can finish in between.
        await StartRolloutAsync(page, batteryPercent: "100");
        var status = page.Locator("#rollout-status");
        await Assertions.Expect(page.Locator("#devices-table tbody")).ToContainTextAsync("deferred");
        await Assertions.Expect(page.Locator("#devices-table tbody")).Not.ToContainTextAsync("offered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort and roll back" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("aborted");
        await Assertions.Expect(page.Locator("#devices-table tbody")).Not.ToContainTextAsync("deferred");
        await Assertions.Expect(page.Locator("#rollout-actions")).ToContainTextAsync("nothing more to change");

        // The real rollout: everyone eligible, two waves, watched to completion.
        await page.GotoAsync("/models/portal-e2e/1");
        await StartRolloutAsync(page, batteryPercent: "0");
        status = page.Locator("#rollout-status");

        // From here the page must update itself: a marker set now survives only if it never reloads.
        await page.EvaluateAsync("() => { window.__stillThisPage = true; }");
        try
        {
            await Assertions.Expect(status).ToContainTextAsync("completed", new() { Timeout = (float)RolloutTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException ex)
        {
            // Say which devices held the rollout up and what the gateway logged, not only the page's last text.
            string id = new Uri(page.Url).Segments[^1];
            using var http = new HttpClient();
            string rollout = await http.GetStringAsync(new Uri(new Uri(gateway.BaseUrl), $"/api/rollouts/{id}"));
            string[] log = gateway.Output.Split('\n');
            throw new InvalidOperationException($"rollout {id} did not complete: {ex.Message}\n--- rollout ---\n{rollout}\n" +
                $"--- gateway output (last 120 lines) ---\n{string.Join('\n', log[Math.Max(0, log.Length - 120)..])}", ex);
        }

        Assert.True(await page.EvaluateAsync<bool>("() => window.__stillThisPage === true"), "the rollout page reloaded");
        await Assertions.Expect(page.Locator("#waves-table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#overall")).ToHaveAttributeAsync("value", "100");
        await Assertions.Expect(page.Locator("#rollout-actions")).ToContainTextAsync("nothing more to change");
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "rollout-details-desktop");

        // The devices now run v1: a costlier v2 is previewed against it by default, and every group loses life.
        await UploadThroughApiAsync("portal-e2e", 2, instructions: 21_000_000);
        await WaitForRunningVersionAsync("portal-e2e", 1);
        await page.GotoAsync("/models/portal-e2e/2");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("Against portal-e2e v1");
        var changes = await page.Locator("#preview-table tbody tr td:nth-child(6)").AllTextContentsAsync();
        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.StartsWith("-", c.Trim(), StringComparison.Ordinal));
        await GatewayFixture.ScreenshotAsync(page, "model-details-against-desktop");

        await page.GotoAsync("/rollouts");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("portal-e2e v1");
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "rollouts-desktop");
        await page.GotoAsync("/models");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("7,133,187");
        await GatewayFixture.ScreenshotAsync(page, "models-desktop");
        await page.Context.CloseAsync();

        IPage phone = await gateway.SignedInPageAsync(gateway.Operator, GatewayFixture.Phone);
        await phone.GotoAsync("/models/portal-e2e/1");
        await Assertions.Expect(phone.Locator("#preview-table")).ToBeVisibleAsync();
        // Wide tables and the plot scroll inside their own boxes; the page itself must not scroll sideways.
        var overflow = await phone.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? "" :
              [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".table-wrap"))
                .slice(0, 5).map(e => e.tagName + (e.id ? "#" + e.id : "") + "." + e.className).join(", ")
            """);
        Assert.True(overflow.Length == 0, "the model page is wider than a 390 px phone: " + overflow);
        await GatewayFixture.AssertAccessibleAsync(phone);
        await GatewayFixture.ScreenshotAsync(phone, "model-details-phone");
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task Upload_RefusedByTheGateway_ShowsItsReasonOnThePage()
    {
        var model = PortalTestModels.Model("portal-bad", 1);
        using var stranger = Fleet.ModelSigning.ModelSigningKey.Generate();
        var (modelPath, sigPath, _) = PortalTestModels.WriteFiles(_files, "portal-bad-1", model, stranger, null);
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);

        await page.GotoAsync("/models");
        await page.GetByLabel("Model (.flmd)").SetInputFilesAsync(modelPath);
        await page.GetByLabel("Signature (.sig)").SetInputFilesAsync(sigPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        // Signed by a key the gateway does not trust: its ProblemDetails is on the page, the model is not listed.
        var problem = page.Locator("#upload-form").Locator("xpath=..").GetByRole(AriaRole.Alert);
        await Assertions.Expect(problem).ToContainTextAsync("untrusted_key");
        await Assertions.Expect(problem).ToContainTextAsync("403");
        await Assertions.Expect(page.Locator("table")).Not.ToContainTextAsync("portal-bad");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesNoUploadOrRolloutControls_AndAForgedPostIsForbidden()
    {
        await UploadThroughApiAsync("portal-viewer", 1);
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);

        await page.GotoAsync("/models");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("portal-viewer");
        await Assertions.Expect(page.Locator("#upload-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("input[type=file]")).ToHaveCountAsync(0);
        await page.GotoAsync("/models/portal-viewer/1");
        await Assertions.Expect(page.Locator("#rollout-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" })).ToHaveCountAsync(0);
        await GatewayFixture.AssertAccessibleAsync(page);

        // A viewer's POST with a valid antiforgery token (taken from the sign-out form) is still refused.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token));
        var rollout = await page.APIRequest.PostAsync("/models/portal-viewer/1?handler=rollout", new()
        {
            Form = FormOf(page, ("__RequestVerificationToken", token!), ("Form.Waves", "100")),
            MaxRedirects = 0,
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, rollout.Status);
        var upload = await page.APIRequest.PostAsync("/models", new()
        {
            Multipart = MultipartOf(page, ("__RequestVerificationToken", token!)),
            MaxRedirects = 0,
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, upload.Status);
        var pause = await page.APIRequest.PostAsync("/rollouts/r-000000000000?handler=pause", new()
        {
            Form = FormOf(page, ("__RequestVerificationToken", token!)),
            MaxRedirects = 0,
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, pause.Status);

        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        Assert.DoesNotContain("portal-viewer", await api.GetStringAsync("/api/rollouts"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private Task UploadThroughApiAsync(string modelId, uint version, long instructions = 5_000_000) =>
        gateway.UploadModelThroughApiAsync(modelId, version, PortalTestModels.Report(instructions, 0.9));

    /// <summary>Waits until the gateway's preview compares with <paramref name="version"/>: the devices' telemetry reports it.</summary>
    private async Task WaitForRunningVersionAsync(string modelId, uint version)
    {
        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var json = await api.GetStringAsync($"/api/models/{modelId}/{version + 1}/preview", timeout.Token);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            if (doc.RootElement.GetProperty("againstVersion") is { ValueKind: System.Text.Json.JsonValueKind.Number } v
                && v.GetUInt32() == version)
            {
                return;
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    /// <summary>Starts a two-wave rollout (time limit of one wake per wave) from the model page with the given battery threshold.</summary>
    private static async Task StartRolloutAsync(IPage page, string batteryPercent)
    {
        await page.GetByLabel("Waves (cumulative % of the target)").FillAsync("50, 100");
        await page.GetByLabel("Battery threshold (% state of charge)").FillAsync(batteryPercent);
        await page.GetByLabel("Wakes per wave (time limit)").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/rollouts/r-[0-9a-f]+$"));
    }

    /// <summary>
    /// Waits until the demo's six sensors have been seen (so the preview has the whole fleet's groups) and have each
    /// reported a charge below 100 % (so a 100 % threshold defers them all).
    /// </summary>
    private async Task WaitForDevicesAsync()
    {
        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        while (true)
        {
            var json = await api.GetStringAsync("/api/devices", timeout.Token);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            if (doc.RootElement.GetArrayLength() >= 6
                && doc.RootElement.EnumerateArray().All(d => d.GetProperty("lastSeen").ValueKind != System.Text.Json.JsonValueKind.Null
                    && d.GetProperty("stateOfChargePercent") is { ValueKind: System.Text.Json.JsonValueKind.Number } soc
                    && soc.GetDouble() < 100))
            {
                return;
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private static IFormData MultipartOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        form.Set("ModelFile", new FilePayload { Name = "m.flmd", MimeType = "application/octet-stream", Buffer = [1, 2, 3] });
        return form;
    }
}
