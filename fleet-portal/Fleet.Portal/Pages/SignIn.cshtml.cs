// SPDX-License-Identifier: MIT
using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages;

/// <summary>Name and password against <c>Portal:Users</c>; repeated failures lock the name for a while.</summary>
[AllowAnyRolePost]
public sealed class SignInModel(PortalUserStore users, SignInThrottle throttle, TimeProvider time) : PageModel
{
    public string? Message { get; private set; }

    public string Name { get; private set; } = "";

    public string ReturnUrl { get; private set; } = "/";

    public bool HasUsers => users.HasUsers;

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl)
    {
        ReturnUrl = SafeReturn(returnUrl);
        Name = name?.Trim() ?? "";
        if (Name.Length == 0 || string.IsNullOrEmpty(password))
        {
            Message = "Enter your name and password.";
            return Page();
        }

        if (throttle.LockedUntil(Name) is { } locked)
        {
            Message = LockedMessage(locked);
            return Page();
        }

        var user = users.Find(Name);
        // A made-up name costs a hash like a real one, so timing does not tell which names exist.
        var matches = PortalPasswordHasher.Verify(password, user?.PasswordHash ?? DummyHash.Value);
        if (user is null || !matches)
        {
            Message = throttle.RecordFailure(Name) is { } until
                ? LockedMessage(until)
                : "Wrong name or password.";
            return Page();
        }

        throttle.RecordSuccess(Name);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            PortalServiceCollectionExtensions.Principal(user, time.GetUtcNow()),
            new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
        return LocalRedirect(ReturnUrl);
    }

    private static string LockedMessage(DateTimeOffset until) =>
        "Too many failed sign-ins for this name: try again after "
        + until.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC.";

    private string SafeReturn(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";

    private static readonly Lazy<string> DummyHash = new(() =>
        PortalPasswordHasher.Hash("not a password", PortalPasswordHasher.MinIterations));
}
