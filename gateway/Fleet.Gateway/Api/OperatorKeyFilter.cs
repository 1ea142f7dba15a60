// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>Refuses a request without the operator key in <see cref="ApiOptions.KeyHeader"/> (401, ProblemDetails).</summary>
public sealed class OperatorKeyFilter(OperatorKey key) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var presented = context.HttpContext.Request.Headers[ApiOptions.KeyHeader].ToString();
        if (!key.Matches(presented.Length == 0 ? null : presented))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Operator key required",
                detail: $"Send the gateway's operator key (Api:OperatorKey) in the {ApiOptions.KeyHeader} header.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
