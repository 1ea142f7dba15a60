// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>Sign-in, sessions and roles against the real gateway.</summary>
public sealed partial class SignInTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task SignIn_WrongPassword_IsRefusedWithAMessage()
    {
        IPage page = await gateway.NewPageAsync();
        await gateway.SignInAsync(page, gateway.Operator.Name, gateway.Operator.Password + "x");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong name or password", new() { Timeout = GatewayFixture.SignInTimeoutMs });
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == PortalServiceCollectionExtensions.CookieName);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsAnHttpOnlySessionCookieAndShowsTheUser()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Operator);

        var cookies = await page.Context.CookiesAsync();
        BrowserContextCookiesResult session = Assert.Single(cookies, c => c.Name == PortalServiceCollectionExtensions.CookieName);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Null(await page.EvaluateAsync<string?>("() => document.cookie.includes('fleet.portal=') ? 'visible' : null"));
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync(gateway.Operator.Name);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/detections")]
    [InlineData("/devices/demo-cam-01")]
    public async Task SignedOut_PageRequest_RedirectsToSignIn(string path)
    {
        using HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(gateway.BaseUrl) };
        using HttpResponseMessage response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignedOut_LiveStream_Is401NotARedirect()
    {
        using HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(gateway.BaseUrl) };
        using HttpResponseMessage response = await http.GetAsync("/live/detections");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        IPage page = await gateway.SignedInPageAsync(gateway.Viewer);
        await page.GotoAsync("/signout");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin"));

        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInPage_IsAccessible()
    {
        IPage page = await gateway.NewPageAsync(GatewayFixture.Phone);
        await page.GotoAsync("/signin");
        await GatewayFixture.ScreenshotAsync(page, "signin-phone");
        await GatewayFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }
}
