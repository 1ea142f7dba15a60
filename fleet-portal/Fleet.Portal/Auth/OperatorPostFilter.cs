// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Fleet.Portal;

/// <summary>
/// Every POST to a page needs the operator policy, except on pages marked <see cref="AllowAnyRolePostAttribute"/>
/// (sign-in, sign-out). Runs before the antiforgery check (lower order), so a viewer gets 403 whatever token it sends.
/// </summary>
public sealed class OperatorPostFilter(IAuthorizationService authorization) : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before <c>AutoValidateAntiforgeryTokenAttribute</c> (order 1000).</summary>
    public int Order => 0;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method)
            || context.Filters.OfType<AllowAnyRolePostAttribute>().Any()
            || context.ActionDescriptor.EndpointMetadata.OfType<AllowAnyRolePostAttribute>().Any())
        {
            return;
        }

        var result = await authorization.AuthorizeAsync(context.HttpContext.User, PortalRoles.OperatorPolicy)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            context.Result = context.HttpContext.User.Identity?.IsAuthenticated == true
                ? new StatusCodeResult(StatusCodes.Status403Forbidden)
                : new ChallengeResult();
        }
    }
}

/// <summary>Marks a page whose POST any visitor may send (sign-in, sign-out); antiforgery still applies.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowAnyRolePostAttribute : Attribute, IFilterMetadata;
