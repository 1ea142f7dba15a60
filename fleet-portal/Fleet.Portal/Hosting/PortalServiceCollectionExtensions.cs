// SPDX-License-Identifier: MIT
using System.Security.Claims;
using Fleet.Portal.Charts;
using Fleet.Portal.Gateway;
using Fleet.Portal.Live;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Portal;

/// <summary>Registers the portal in a web host (the gateway's, or Fleet.Portal.Host's).</summary>
public static class PortalServiceCollectionExtensions
{
    /// <summary>Claim holding when the session began, for the absolute cap.</summary>
    internal const string IssuedClaim = "fleet:issued";

    /// <summary>The portal's cookie name.</summary>
    public const string CookieName = "fleet.portal";

    /// <summary>
    /// Adds Razor Pages, cookie sign-in, the role policies, the gateway client and the live relays.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (section <c>Portal</c>).</param>
    /// <param name="operatorKey">In the gateway: returns its operator key, so the portal can send changes without
    /// the key in any file. Null when standalone: <c>Portal:OperatorKey</c> or <c>Portal:OperatorKeyFile</c>.</param>
    public static IServiceCollection AddFleetPortal(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, string?>? operatorKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<PortalUserStore>();
        services.AddHostedService(sp => sp.GetRequiredService<PortalUserStore>());
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<FrameSizes>();
        services.AddSingleton<DetectionRelay>();
        services.AddSingleton<DeviceChangeRelay>();
        services.TryAddTimeProvider();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PortalOptions>>().Value;
            Func<string?> key = operatorKey is not null
                ? () => operatorKey(sp)
                : StandaloneKey(options);
            Uri? url = string.IsNullOrWhiteSpace(options.GatewayUrl) ? null : new Uri(options.GatewayUrl);
            return new GatewayConnection(url, url is null ? sp.GetRequiredService<IServer>() : null, key);
        });
        // One log line per page view and API call would drown the gateway's own log; failures reach the page instead.
        services.AddHttpClient<GatewayApiClient>(client => client.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();

        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/", PortalRoles.ViewerPolicy);
                o.Conventions.AllowAnonymousToPage("/SignIn");
                o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(OperatorPostFilter)) { Order = 0 });
            })
            .AddApplicationPart(typeof(PortalEndpoints).Assembly);
        services.AddScoped<OperatorPostFilter>();

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalRoles.ViewerPolicy, p => p.RequireAuthenticatedUser()
                .RequireRole(PortalRoles.Viewer, PortalRoles.Operator))
            .AddPolicy(PortalRoles.OperatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Operator));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<PortalOptions>>((cookie, portal) => ConfigureCookie(cookie, portal.Value));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = CookieName + ".af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static Func<string?> StandaloneKey(PortalOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.OperatorKey))
        {
            var key = options.OperatorKey.Trim();
            return () => key;
        }

        if (!string.IsNullOrWhiteSpace(options.OperatorKeyFile))
        {
            // Read once at start: a missing or empty file is a configuration error the validator reports.
            var key = File.ReadLines(options.OperatorKeyFile).FirstOrDefault()?.Trim();
            return () => string.IsNullOrEmpty(key) ? null : key;
        }

        return () => null;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, PortalOptions portal)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = "/signin";
        cookie.LogoutPath = "/signout";
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(portal.SessionMinutes);
        cookie.SlidingExpiration = true;
        var cap = TimeSpan.FromHours(portal.SessionMaxHours);
        cookie.Events = new CookieAuthenticationEvents
        {
            // Only page requests may be sent to the sign-in page; the gateway's API and the live streams answer
            // with a plain status so scripts see it.
            OnRedirectToLogin = context =>
            {
                if (IsPageRequest(context.Request))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            },
            OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            },
            OnValidatePrincipal = async context =>
            {
                var issued = context.Principal?.FindFirst(IssuedClaim)?.Value;
                var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                if (issued is null || !long.TryParse(issued, out var issuedMs)
                    || time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issuedMs) > cap)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme)
                        .ConfigureAwait(false);
                }
            },
        };
    }

    private static bool IsPageRequest(HttpRequest request) =>
        !request.Path.StartsWithSegments("/live", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>Claims of a signed-in user.</summary>
    internal static ClaimsPrincipal Principal(PortalUser user, DateTimeOffset now) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(IssuedClaim, now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));
}
