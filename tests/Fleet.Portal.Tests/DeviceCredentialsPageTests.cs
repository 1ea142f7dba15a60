// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using MQTTnet;

namespace Fleet.Portal.Tests;

/// <summary>
/// Adding a device and rotating its secret (or returning a retired device to service) from the portal, in headless
/// Chromium against the real gateway: the secret read off the page is the one the embedded broker accepts.
/// </summary>
public sealed class DeviceCredentialsPageTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task AddDevice_SecretShownOnceInTheAnswer_ConnectsAtTheShownBroker_WrongSecretRefused()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a device" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(gateway.BaseUrl + "/new-device");
        await GatewayFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("Device id").FillAsync("cam-new-1");
        IResponse answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(200, answer.Status);
        Assert.Contains("no-store", answer.Headers["cache-control"], StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#issued-heading")).ToHaveTextAsync("Device cam-new-1 added");
        await Assertions.Expect(page.Locator("#secret-warning")).ToContainTextAsync("shown only this once");
        await Assertions.Expect(page.Locator("#issued-id")).ToHaveTextAsync("cam-new-1");
        await Assertions.Expect(page.Locator("#issued-username")).ToHaveTextAsync("cam-new-1");
        string secret = (await page.Locator("#issued-secret").InnerTextAsync()).Trim();
        Assert.True(secret.Length >= 16, $"secret '{secret}' looks too short");

        // The answer is the POST's own response: no redirect, so the secret is in no URL, cookie or log.
        Assert.Equal(gateway.BaseUrl + "/new-device", page.Url);
        Assert.DoesNotContain(secret, answer.Request.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Value.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, gateway.Output, StringComparison.Ordinal);
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "device-added-desktop");
        await page.SetViewportSizeAsync(GatewayFixture.Phone.Width, GatewayFixture.Phone.Height);
        await GatewayFixture.ScreenshotAsync(page, "device-added-phone");

        // The copy button puts exactly the secret on the clipboard.
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy secret" }).ClickAsync();
        await Assertions.Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied.");
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The demo's broker address is shown, and a real MQTT client gets in there with the page's secret only.
        string broker = (await page.Locator("#issued-broker").InnerTextAsync()).Trim();
        Assert.Equal($"127.0.0.1:{gateway.BrokerPort}", broker);
        string host = broker[..broker.LastIndexOf(':')];
        int port = int.Parse(broker[(broker.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(host, port, "cam-new-1", secret));
        Assert.NotEqual(MqttClientConnectResultCode.Success, await TryConnectAsync(host, port, "cam-new-1", secret + "x"));

        // Opening the page again shows the form, not the secret; the device is in the overview.
        await page.GotoAsync("/new-device");
        await Assertions.Expect(page.Locator("#add-device-form")).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/?q=cam-new-1");
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='cam-new-1']")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddDevice_InvalidOrExistingId_ShowsTheBrowserHintTheGatewaysMessageOrTheConflict_CreatesNothing()
    {
        IReadOnlyList<string> before = await DeviceIdsAsync();
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync("/new-device");
        ILocator field = page.GetByLabel("Device id");

        // The browser holds back an id outside the pattern and says why.
        await field.FillAsync("bad id!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync();
        await Assertions.Expect(page.Locator("#DeviceId-client-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#issued")).ToHaveCountAsync(0);

        // Past the browser (its check removed), the gateway's own message lands on the field.
        await field.EvaluateAsync("e => e.removeAttribute('pattern')");
        IResponse invalid = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, invalid.Status);
        await Assertions.Expect(page.Locator("#DeviceId-error")).ToContainTextAsync("1-32 characters of [A-Za-z0-9._-]");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#issued")).ToHaveCountAsync(0);

        // An id in use: the conflict, and the way to the device's page.
        await field.FillAsync("demo-cam-01");
        IResponse conflict = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(409, conflict.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Device demo-cam-01 already exists");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already provisioned");
        await Assertions.Expect(page.Locator("#existing-device a")).ToHaveAttributeAsync("href", "/devices/demo-cam-01#credentials");
        await Assertions.Expect(page.Locator("#issued")).ToHaveCountAsync(0);
        await GatewayFixture.AssertAccessibleAsync(page);

        Assert.Equal(before, await DeviceIdsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Rotate_OnTheDevicePage_OldConnectionClosedOldSecretRefusedNewOneAccepted()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-rotate-01");
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);
        await page.GotoAsync($"/devices/{device.Id}");
        ILocator form = page.Locator("#credentials-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#credentials-heading")).ToHaveTextAsync("Credentials");
        await GatewayFixture.AssertAccessibleAsync(page);

        // Unticked: the browser keeps the form back, and a request without the tick is refused by the page too.
        await form.GetByRole(AriaRole.Button, new() { Name = "Rotate credentials" }).ClickAsync();
        Assert.False(await page.Locator("#credentials-confirm").EvaluateAsync<bool>("e => e.checkValidity()"));
        string token = await form.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value")
            ?? throw new InvalidOperationException("no antiforgery token in the credentials form");
        IFormData unconfirmed = page.APIRequest.CreateFormData();
        unconfirmed.Set("__RequestVerificationToken", token);
        IAPIResponse refused = await page.APIRequest.PostAsync($"/devices/{device.Id}/credentials",
            new() { Form = unconfirmed, MaxRedirects = 0 });
        Assert.Equal(400, refused.Status);
        Assert.Contains("Tick the box", await refused.TextAsync(), StringComparison.Ordinal);
        // (A probe CONNECT with the old secret would take the device's session over, so the gateway's log says it.)
        Assert.DoesNotContain($"Rotated the secret of device {device.Id}", gateway.Output, StringComparison.Ordinal);

        await page.GetByLabel($"Yes, replace the secret of {device.Id}").CheckAsync();
        IResponse answer = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Rotate credentials" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(200, answer.Status);
        Assert.Contains("no-store", answer.Headers["cache-control"], StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#issued-heading")).ToHaveTextAsync($"New secret for {device.Id}");
        await Assertions.Expect(page.Locator("#issued-effect")).ToContainTextAsync("refused from now on");
        string secret = (await page.Locator("#issued-secret").InnerTextAsync()).Trim();
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, gateway.Output, StringComparison.Ordinal);
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "device-rotated-desktop");

        // What the page says: the connection opened with the old secret was closed (the broker closed it before the
        // gateway answered; the client sees it once the DISCONNECT has reached it), and the old secret no longer connects.
        var closedBy = Stopwatch.StartNew();
        while (device.IsConnected && closedBy.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.False(device.IsConnected, "the connection opened with the old secret is still open after the rotation");
        Assert.NotEqual(MqttClientConnectResultCode.Success, await device.TryReconnectAsync());
        Assert.Equal(MqttClientConnectResultCode.Success,
            await TryConnectAsync("127.0.0.1", gateway.BrokerPort, device.Id, secret));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReturnToService_RetiredDevice_NewSecretConnects_BackInTheOverview()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-return-01");
        await RetireThroughTheApiAsync(device.Id);
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);

        // Adding it again is a conflict whose message says it is retired and points to its page.
        await page.GotoAsync("/new-device");
        await page.GetByLabel("Device id").FillAsync(device.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is retired");
        await page.Locator("#existing-device a").ClickAsync();

        await Assertions.Expect(page.Locator("#retired-notice")).ToContainTextAsync("Return to service");
        await Assertions.Expect(page.Locator("#credentials-heading")).ToHaveTextAsync("Return to service");
        await Assertions.Expect(page.Locator("#retire-form")).ToHaveCountAsync(0);
        Assert.DoesNotContain("gateway's API", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await GatewayFixture.AssertAccessibleAsync(page);
        await GatewayFixture.ScreenshotAsync(page, "device-retired-return-desktop");

        await page.GetByLabel($"Yes, return {device.Id} to service with a new secret").CheckAsync();
        await page.Locator("#credentials-form").GetByRole(AriaRole.Button, new() { Name = "Return to service" }).ClickAsync();
        await Assertions.Expect(page.Locator("#issued-heading")).ToHaveTextAsync($"Device {device.Id} is back in service");
        string secret = (await page.Locator("#issued-secret").InnerTextAsync()).Trim();

        Assert.Equal(MqttClientConnectResultCode.Success,
            await TryConnectAsync("127.0.0.1", gateway.BrokerPort, device.Id, secret));
        Assert.NotEqual(MqttClientConnectResultCode.Success, await device.TryReconnectAsync());

        await page.GotoAsync($"/?q={device.Id}");
        await Assertions.Expect(page.Locator($"#devices tbody tr[data-device-id='{device.Id}']")).ToHaveCountAsync(1);
        await page.GotoAsync($"/devices/{device.Id}");
        await Assertions.Expect(page.Locator("#retired-notice")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#credentials-heading")).ToHaveTextAsync("Credentials");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_NoAddLinkNoCredentialsPanel_GetsAndForgedPostsAre403_NothingChanges()
    {
        await using TestDevice device = await TestDevice.ConnectAsync(gateway, "bench-viewer-01");
        IReadOnlyList<string> before = await DeviceIdsAsync();
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await Assertions.Expect(page.Locator("#devices")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#add-device-link")).ToHaveCountAsync(0);
        await page.GotoAsync($"/devices/{device.Id}");
        await Assertions.Expect(page.Locator("#device-id")).ToHaveTextAsync(device.Id);
        await Assertions.Expect(page.Locator("#credentials-form")).ToHaveCountAsync(0);
        string token = await page.Locator("header form.who input[name=__RequestVerificationToken]").GetAttributeAsync("value")
            ?? throw new InvalidOperationException("no antiforgery token on the page");

        Assert.Equal(403, (await page.APIRequest.GetAsync("/new-device", new() { MaxRedirects = 0 })).Status);
        Assert.Equal(403, (await page.APIRequest.GetAsync($"/devices/{device.Id}/credentials", new() { MaxRedirects = 0 })).Status);

        IFormData add = page.APIRequest.CreateFormData();
        add.Set("__RequestVerificationToken", token);
        add.Set("DeviceId", "viewer-made-1");
        Assert.Equal(403, (await page.APIRequest.PostAsync("/new-device", new() { Form = add, MaxRedirects = 0 })).Status);
        IFormData rotate = page.APIRequest.CreateFormData();
        rotate.Set("__RequestVerificationToken", token);
        rotate.Set("confirm", "true");
        Assert.Equal(403, (await page.APIRequest.PostAsync($"/devices/{device.Id}/credentials",
            new() { Form = rotate, MaxRedirects = 0 })).Status);

        // An operator's POST without the token is refused too.
        IPage ops = await gateway.SignedInPageAsync(gateway.Operator);
        IFormData noToken = ops.APIRequest.CreateFormData();
        noToken.Set("DeviceId", "no-token-1");
        Assert.Equal(400, (await ops.APIRequest.PostAsync("/new-device", new() { Form = noToken, MaxRedirects = 0 })).Status);

        Assert.Equal(before, await DeviceIdsAsync());
        Assert.Equal(MqttClientConnectResultCode.Success, await device.TryReconnectAsync());
        await ops.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StandalonePortal_WrongOperatorKeyOrGatewayDown_SaysSoAndShowsNoSecret()
    {
        PortalTestUser ana = new("ana", "operator", Guid.NewGuid().ToString("N"));
        IReadOnlyList<string> before = await DeviceIdsAsync();

        await using (PortalHostProcess wrongKey = await PortalHostProcess.StartAsync(gateway.BaseUrl, "not-the-key", [ana]))
        {
            IPage page = await StandaloneSignedInAsync(wrongKey, ana);
            await page.GotoAsync("/new-device");
            await page.GetByLabel("Device id").FillAsync("cam-wrongkey-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The gateway refused the portal's operator key");
            await Assertions.Expect(page.Locator("#issued")).ToHaveCountAsync(0);

            await page.GotoAsync("/devices/demo-cam-03/credentials");
            await page.GetByLabel("Yes, replace the secret of demo-cam-03").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Rotate credentials" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Portal:OperatorKey");
            await Assertions.Expect(page.Locator("#issued")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }

        await using (PortalHostProcess down = await PortalHostProcess.StartAsync($"http://127.0.0.1:{ClosedPort()}", gateway.OperatorKey, [ana]))
        {
            IPage page = await StandaloneSignedInAsync(down, ana);
            await page.GotoAsync("/new-device");
            await page.GetByLabel("Device id").FillAsync("cam-down-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add device" }).ClickAsync();
            ILocator alert = page.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync("Gateway unreachable");
            await Assertions.Expect(alert).ToContainTextAsync("may exist now");
            await Assertions.Expect(page.Locator("#issued")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }

        Assert.Equal(before, await DeviceIdsAsync());
    }

    private async Task<IPage> StandaloneSignedInAsync(PortalHostProcess host, PortalTestUser user)
    {
        IBrowserContext context = await gateway.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl });
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(user.Name);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(host.BaseUrl + "/", new() { Timeout = GatewayFixture.SignInTimeoutMs });
        return page;
    }

    /// <summary>A CONNECT as device <paramref name="id"/> with <paramref name="secret"/>; the broker's answer.</summary>
    private static async Task<MqttClientConnectResultCode> TryConnectAsync(string host, int port, string id, string secret)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(id)
            .WithCredentials(id, secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        MqttClientConnectResult result = await client.ConnectAsync(options);
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        return result.ResultCode;
    }

    /// <summary>Every device id the gateway has, retired ones too, sorted.</summary>
    private async Task<IReadOnlyList<string>> DeviceIdsAsync()
    {
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/devices?includeRetired=true"));
        return doc.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    private async Task RetireThroughTheApiAsync(string id)
    {
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using HttpRequestMessage retire = new(HttpMethod.Delete, $"/api/devices/{id}");
        retire.Headers.Add("X-Fleet-Key", gateway.OperatorKey);
        using HttpResponseMessage response = await http.SendAsync(retire);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago: nothing listens there, so the portal cannot reach a gateway.
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
