// SPDX-License-Identifier: MIT
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>The portal as its own process (Fleet.Portal.Host) against the gateway's URL.</summary>
public sealed class StandalonePortalTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task StandaloneHost_ShowsTheRemoteFleet_AndSendsChangesWithItsOperatorKey()
    {
        PortalTestUser ana = new("ana", "operator", Guid.NewGuid().ToString("N"));
        await using PortalHostProcess host = await PortalHostProcess.StartAsync(gateway.BaseUrl, gateway.OperatorKey, [ana]);
        IBrowserContext context = await gateway.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl });
        IPage page = await context.NewPageAsync();

        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(ana.Name);
        await page.GetByLabel("Password").FillAsync(ana.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(host.BaseUrl + "/");
        await Assertions.Expect(page.Locator("#devices tbody tr[data-device-id='demo-cam-01']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // The gateway's users are not the portal host's: the host signs in its own.
        await page.GotoAsync("/devices/demo-cam-04");
        await page.GetByLabel("Telemetry every N wakes").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to device" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Sent as version");
        await Assertions.Expect(page.Locator("#config-table tr[data-setting='Telemetry every'] td.desired")).ToHaveTextAsync("3 wakes");
        await context.CloseAsync();
    }

    [Fact]
    public async Task StandaloneHost_WithoutOperatorKey_IsReadOnlyAndSaysSo()
    {
        PortalTestUser ana = new("ana", "operator", Guid.NewGuid().ToString("N"));
        await using PortalHostProcess host = await PortalHostProcess.StartAsync(gateway.BaseUrl, operatorKey: null, [ana]);
        IBrowserContext context = await gateway.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(ana.Name);
        await page.GetByLabel("Password").FillAsync(ana.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync("/devices/demo-cam-05");

        await Assertions.Expect(page.Locator("#config .problem")).ToContainTextAsync("no gateway operator key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to device" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "No operator key" })).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task StandaloneHost_CommandLine_HelpHashAndMissingGateway()
    {
        (int helpCode, string help) = await PortalHostProcess.RunToEndAsync(null, "--help");
        Assert.Equal(0, helpCode);
        Assert.Contains("--gateway URL", help, StringComparison.Ordinal);

        (int hashCode, string hash) = await PortalHostProcess.RunToEndAsync("s3cret-pass", "--hash-password");
        Assert.Equal(0, hashCode);
        Assert.True(PortalPasswordHasher.Verify("s3cret-pass", hash.Trim()), hash);

        // The gateway prints the same hashes for its own users.
        string gatewayDll = GatewayFixture.LocateProgram(Path.Combine("gateway", "Fleet.Gateway"), "Fleet.Gateway");
        (int gatewayCode, string gatewayHash) = await PortalHostProcess.RunProgramToEndAsync(gatewayDll, null, "--hash-password", "other pass");
        Assert.Equal(0, gatewayCode);
        Assert.True(PortalPasswordHasher.Verify("other pass", gatewayHash.Trim()), gatewayHash);

        (int missingCode, string missing) = await PortalHostProcess.RunToEndAsync(null);
        Assert.Equal(2, missingCode);
        Assert.Matches(new Regex("--gateway URL"), missing);
    }
}
