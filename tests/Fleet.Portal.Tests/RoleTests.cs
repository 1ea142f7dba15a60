// SPDX-License-Identifier: MIT
using System.Text.Json;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>Viewers see and cannot change; every change needs an operator and an antiforgery token.</summary>
public sealed class RoleTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Device = "demo-cam-01";

    [Fact]
    public async Task Viewer_DevicePage_ShowsConfigButNoEditControls()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync($"/devices/{Device}");

        await Assertions.Expect(page.Locator("#config-table")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#config-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send to device" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("header .role")).ToHaveTextAsync("viewer");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_ForgedConfigPost_WithValidAntiforgeryToken_Is403AndChangesNothing()
    {
        int before = await DesiredVersionAsync();
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync($"/devices/{Device}");
        // The sign-out form carries a valid token for this session: the forgery is as good as a viewer can make it.
        string token = await page.Locator("header form.who input[name=__RequestVerificationToken]").GetAttributeAsync("value")
            ?? throw new InvalidOperationException("no antiforgery token on the page");

        IAPIResponse response = await page.APIRequest.PostAsync($"/devices/{Device}?handler=Config", new()
        {
            Form = ConfigForm(page, token, telemetryEvery: "7"),
            MaxRedirects = 0,
        });

        Assert.Equal(403, response.Status);
        Assert.Equal(before, await DesiredVersionAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_CannotRetireADevice_NoFormAndAForgedPostIs403()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-keep-01");
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync($"/devices/{device.Id}");
        await Assertions.Expect(page.Locator("#device-id")).ToHaveTextAsync(device.Id);
        await Assertions.Expect(page.Locator("#retire-form")).ToHaveCountAsync(0);
        string token = await page.Locator("header form.who input[name=__RequestVerificationToken]").GetAttributeAsync("value")
            ?? throw new InvalidOperationException("no antiforgery token on the page");
        IFormData form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("confirm", "true");

        IAPIResponse response = await page.APIRequest.PostAsync($"/devices/{device.Id}?handler=Retire",
            new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(403, response.Status);
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync($"/api/devices/{device.Id}"));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("retiredAt").ValueKind);
        Assert.True(device.IsConnected);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Operator_ConfigPostWithoutAntiforgeryToken_IsRefused()
    {
        int before = await DesiredVersionAsync();
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);

        IAPIResponse response = await page.APIRequest.PostAsync($"/devices/{Device}?handler=Config", new()
        {
            Form = ConfigForm(page, token: null, telemetryEvery: "7"),
            MaxRedirects = 0,
        });

        Assert.Equal(400, response.Status);
        Assert.Equal(before, await DesiredVersionAsync());
        await page.Context.CloseAsync();
    }

    private static IFormData ConfigForm(IPage page, string? token, string telemetryEvery)
    {
        IFormData form = page.APIRequest.CreateFormData();
        if (token is not null)
        {
            form.Set("__RequestVerificationToken", token);
        }

        form.Set("Form.WakeIntervalSeconds", "2");
        form.Set("Form.TelemetryEvery", telemetryEvery);
        form.Set("Form.ScoreThresholdPmy", "5000");
        form.Set("Form.Detector", "face");
        form.Set("Form.ModelId", "");
        form.Set("Form.ModelVersion", "0");
        form.Set("Form.ReportEmpty", "true");
        return form;
    }

    private async Task<int> DesiredVersionAsync()
    {
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync($"/api/devices/{Device}/config"));
        // The demo sends its first config straight to the broker, so "desired" stays null until someone sets one.
        return doc.RootElement.GetProperty("desired") is { ValueKind: JsonValueKind.Object } desired
            ? desired.GetProperty("configVersion").GetInt32()
            : 0;
    }
}
