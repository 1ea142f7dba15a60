// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>Access to the management API.</summary>
/// <remarks>
/// <code>
/// "Api": { "OperatorKey": "…" }   // from a secret store or the environment (Api__OperatorKey), never the repo
/// </code>
/// </remarks>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The header that carries the operator key on mutating requests.</summary>
    public const string KeyHeader = "X-Fleet-Key";

    /// <summary>
    /// The key mutating endpoints require in <see cref="KeyHeader"/>. When unset, Development and demo runs
    /// generate one per start and log it; anywhere else the mutating endpoints refuse every request.
    /// </summary>
    public string? OperatorKey { get; set; }
}
