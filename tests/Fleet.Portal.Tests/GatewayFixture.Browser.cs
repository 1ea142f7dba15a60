// SPDX-License-Identifier: MIT
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>Browser helpers: signed-in pages, screenshots kept as artifacts, and the axe check.</summary>
public sealed partial class GatewayFixture
{
    /// <summary>Desktop viewport.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>Phone viewport (the portal must work at 390x844).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>
    /// Where screenshots go: <c>FLEET_SCREENSHOT_DIR</c> when set (tests/run-all.sh points it at
    /// <c>artifacts/test-results/portal-screenshots</c>, next to the other results), else
    /// <c>TestResults/portal-screenshots</c> in the test output folder.
    /// </summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("FLEET_SCREENSHOT_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "portal-screenshots");

    /// <summary>A new browser context (own cookies) with one page, not signed in.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? Desktop,
            BaseURL = BaseUrl,
        });
        IPage page = await context.NewPageAsync();
        // Generous: the suite shares two cores with builds and the demo's detectors; waits end as soon as they succeed.
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>A new context signed in as <paramref name="user"/>, on the overview.</summary>
    public async Task<IPage> SignedInPageAsync(PortalTestUser user, ViewportSize? viewport = null)
    {
        IPage page = await NewPageAsync(viewport);
        await SignInAsync(page, user.Name, user.Password);
        await ExpectSignedInAsync(page);
        return page;
    }

    /// <summary>
    /// How long the answer to a sign-in may take: the portal hashes the password (PBKDF2, 600,000 rounds), slow on a
    /// loaded machine, so as long as the page's own actions.
    /// </summary>
    public const float SignInTimeoutMs = 60_000;

    /// <summary>Waits for the overview a successful sign-in lands on.</summary>
    public Task ExpectSignedInAsync(IPage page) =>
        Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/", new() { Timeout = SignInTimeoutMs });

    /// <summary>
    /// Fills and sends the sign-in form. Callers wait for what should follow (the overview's URL, or the error);
    /// no wait for a load state here: one after a click that navigates can miss the new document's event (a CI run
    /// waited 60 s for DOMContentLoaded while Playwright logged the page's network as idle).
    /// </summary>
    public async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A full-page screenshot to <see cref="ScreenshotDirectory"/>/<paramref name="name"/>.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDirectory, name + ".png"),
            FullPage = true,
        });
    }

    /// <summary>Runs axe on the page; fails listing every serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        AxeResult result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe on {page.Url}:\n" + string.Join("\n", bad.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}
