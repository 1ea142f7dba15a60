// SPDX-License-Identifier: MIT
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// Device labels in headless Chromium against the real gateway: an operator sets them on the device page and filters
/// the overview by clicking one, a viewer only sees them (a forged POST is 403), and the rollout form targets a label.
/// Every test uses its own devices and labels (the demo's sensors share the gateway), so counts of other devices
/// never matter.
/// </summary>
public sealed class DeviceLabelsPageTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Operator_SetsLabelsOnTheDevicePage_AndClickingOneFiltersTheOverviewToItsDevices()
    {
        await ProvisionAsync("lbl-a-01", "lbl-b-01", "lbl-c-01");
        await PutLabelsAsync("lbl-b-01", "site:lbl-south");
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync("/devices/lbl-a-01");
        await Assertions.Expect(page.Locator("#device-labels-none")).ToBeVisibleAsync();

        // Spaces and commas both separate; the repeated label collapses.
        await page.GetByLabel("Edit labels").FillAsync("site:lbl-north, board:h7-rev2  site:lbl-north");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save labels" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/devices/lbl-a-01#labels$"));
        await Assertions.Expect(page.Locator("#device-labels li")).ToHaveTextAsync(["board:h7-rev2", "site:lbl-north"]);
        await Assertions.Expect(page.GetByLabel("Edit labels")).ToHaveValueAsync("board:h7-rev2 site:lbl-north");
        Assert.Equal(["board:h7-rev2", "site:lbl-north"], await LabelsAsync("lbl-a-01"));

        // The gateway's refusal lands next to the field, with the text as typed; nothing changes.
        await page.GetByLabel("Edit labels").FillAsync("site:lbl-north Site:North");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save labels" }).ClickAsync();
        await Assertions.Expect(page.Locator("#labels-error")).ToContainTextAsync("'Site:North' is not a valid label");
        await Assertions.Expect(page.GetByLabel("Edit labels")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Edit labels")).ToHaveValueAsync("site:lbl-north Site:North");
        Assert.Equal(["board:h7-rev2", "site:lbl-north"], await LabelsAsync("lbl-a-01"));
        await GatewayFixture.AssertAccessibleAsync(page);

        // The overview lists the labels under the id; clicking one keeps only the devices carrying it.
        await page.GotoAsync("/?sort=id&dir=desc");
        var row = page.Locator("#devices tbody tr[data-device-id='lbl-a-01']");
        await Assertions.Expect(row.Locator("ul.labels li")).ToHaveTextAsync(["board:h7-rev2", "site:lbl-north"]);
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='lbl-b-01'] ul.labels")).ToHaveTextAsync("site:lbl-south");
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='lbl-c-01'] ul.labels")).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Link, new() { Name = "site:lbl-north" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"[?&]label=site%3Albl-north(&|$)"));
        // The sort survives the label filter.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("dir=desc"));
        await Assertions.Expect(page.Locator("#label-filter-notice")).ToContainTextAsync("site:lbl-north");
        await Assertions.Expect(page.Locator("#devices tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#devices tbody tr")).ToHaveAttributeAsync("data-device-id", "lbl-a-01");
        await Assertions.Expect(page.Locator("#filter-label")).ToHaveValueAsync("site:lbl-north");
        await GatewayFixture.AssertAccessibleAsync(page);

        // "Show every label" lifts the filter again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Show every label" }).ClickAsync();
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='lbl-b-01']")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesTheLabelsButNoForm_AndAForgedPostIs403AndChangesNothing()
    {
        await ProvisionAsync("lbl-view-01");
        await PutLabelsAsync("lbl-view-01", "site:lbl-viewer");
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync("/devices/lbl-view-01");

        await Assertions.Expect(page.Locator("#device-labels li")).ToHaveTextAsync(["site:lbl-viewer"]);
        await Assertions.Expect(page.Locator("#labels-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save labels" })).ToHaveCountAsync(0);
        // The sign-out form carries a valid token for this session: the forgery is as good as a viewer can make it.
        string token = await page.Locator("header form.who input[name=__RequestVerificationToken]").GetAttributeAsync("value")
            ?? throw new InvalidOperationException("no antiforgery token on the page");
        IFormData form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("labels", "site:forged");

        IAPIResponse response = await page.APIRequest.PostAsync("/devices/lbl-view-01?handler=Labels",
            new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(403, response.Status);
        Assert.Equal(["site:lbl-viewer"], await LabelsAsync("lbl-view-01"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Operator_StartsARolloutToALabel_ItsDevicesAreExactlyTheLabelledOnes()
    {
        await gateway.UploadModelThroughApiAsync("lbl-model", 1, PortalTestModels.Report(5_000_000, 0.9));
        await ProvisionAsync("lbl-r-01", "lbl-r-02", "lbl-r-03");
        await PutLabelsAsync("lbl-r-01", "fleet:lbl-rollout");
        await PutLabelsAsync("lbl-r-03", "fleet:lbl-rollout", "board:lbl-r-extra");
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync("/models/lbl-model/1");

        // A prefix and a label at once is refused next to the target, before anything is sent.
        await page.GetByLabel("Only devices whose id starts with").FillAsync("lbl-r-");
        await page.GetByLabel("Only devices with label").FillAsync("fleet:lbl-rollout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page.Locator("#target-err")).ToContainTextAsync("not both");

        await page.GetByLabel("Only devices whose id starts with").FillAsync("");
        await page.GetByLabel("Only devices with label").FillAsync("fleet:lbl-rollout");
        await page.GetByLabel("Waves (cumulative % of the target)").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/rollouts/r-[0-9a-f]+$"));

        string id = new Uri(page.Url).Segments[^1];
        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using JsonDocument rollout = JsonDocument.Parse(await api.GetStringAsync($"/api/rollouts/{id}"));
        Assert.Equal(["lbl-r-01", "lbl-r-03"], rollout.RootElement.GetProperty("devices").EnumerateArray()
            .Select(d => d.GetProperty("deviceId").GetString()!).Order(StringComparer.Ordinal));
        await page.Context.CloseAsync();
    }

    private async Task ProvisionAsync(params string[] ids)
    {
        using HttpClient api = OperatorApi();
        foreach (string id in ids)
        {
            using HttpResponseMessage created = await api.PostAsJsonAsync("/api/devices", new { id });
            Assert.True(created.IsSuccessStatusCode, $"provisioning {id}: {await created.Content.ReadAsStringAsync()}");
        }
    }

    private async Task PutLabelsAsync(string id, params string[] labels)
    {
        using HttpClient api = OperatorApi();
        using HttpResponseMessage put = await api.PutAsJsonAsync($"/api/devices/{id}/labels", new { labels });
        Assert.True(put.IsSuccessStatusCode, $"labelling {id}: {await put.Content.ReadAsStringAsync()}");
    }

    private async Task<List<string>> LabelsAsync(string id)
    {
        using HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using JsonDocument doc = JsonDocument.Parse(await api.GetStringAsync($"/api/devices/{id}"));
        return doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
    }

    private HttpClient OperatorApi()
    {
        HttpClient api = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Fleet-Key", gateway.OperatorKey);
        return api;
    }
}
