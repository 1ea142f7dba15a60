// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>
/// Why a gateway call failed: the gateway's ProblemDetails (status, title, detail, field errors keyed by the API's
/// JSON names), or a transport failure as status 502. Pages show it; nothing is swallowed.
/// </summary>
public sealed record GatewayProblem(
    int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The first message for <paramref name="field"/>, or null.</summary>
    public string? ErrorFor(string field) =>
        Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;
}

/// <summary>A gateway call's value, or the problem that kept it from one.</summary>
public sealed record GatewayResult<T>(T? Value, GatewayProblem? Problem)
{
    /// <summary>Whether the call succeeded.</summary>
    public bool IsSuccess => Problem is null;
}
