// SPDX-License-Identifier: MIT
using System.Net;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// The line every page shows while the fleet's data may be stale. A standalone portal reaches the real gateway
/// through a <see cref="TcpRelay"/> the test opens and closes, so losing and regaining the gateway happens while the
/// page stays open.
/// </summary>
public sealed class GatewayHealthLineTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task HealthyGateway_ShowsNoHealthLine()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);

        // The fixture waited for Healthy, and the embedded broker stays up.
        await Assertions.Expect(page.Locator("#gateway-health")).ToBeHiddenAsync();
        Assert.Equal("healthy", await page.Locator("#gateway-health").GetAttributeAsync("data-level"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StandalonePortal_SaysWhenItLosesTheGateway_AndClearsTheLineWhenItIsBack_WithoutReload()
    {
        var target = new Uri(gateway.BaseUrl);
        await using TcpRelay relay = new(new IPEndPoint(IPAddress.Loopback, target.Port));
        PortalTestUser ana = new("ana", "viewer", Guid.NewGuid().ToString("N"));
        await using PortalHostProcess host = await PortalHostProcess.StartAsync($"http://127.0.0.1:{relay.Port}",
            gateway.OperatorKey, [ana], "--Portal:HealthPollSeconds=1");
        IBrowserContext context = await gateway.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl });
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(ana.Name);
        await page.GetByLabel("Password").FillAsync(ana.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(host.BaseUrl + "/", new() { Timeout = GatewayFixture.SignInTimeoutMs });

        // Nothing listens behind the relay's port yet: the page says so as it is rendered.
        ILocator line = page.Locator("#gateway-health");
        await Assertions.Expect(line).ToBeVisibleAsync();
        await Assertions.Expect(line).ToContainTextAsync("cannot read the gateway's health: Gateway unreachable");
        await Assertions.Expect(line).ToHaveAttributeAsync("data-level", "unreachable");

        // The gateway comes back: the open page drops the line on its next poll.
        relay.Open();
        await Assertions.Expect(line).ToBeHiddenAsync();
        await Assertions.Expect(line).ToHaveAttributeAsync("data-level", "healthy");

        // And loses it again (pooled connections cut too).
        await relay.CloseAsync();
        await Assertions.Expect(line).ToBeVisibleAsync();
        await Assertions.Expect(line).ToContainTextAsync("Gateway unreachable");
        await context.CloseAsync();
    }
}
