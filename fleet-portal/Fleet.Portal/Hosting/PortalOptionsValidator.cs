// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Portal;

/// <summary>Checks the gateway URL and the operator key file at start, naming the key at fault.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.GatewayUrl)
            && (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            failures.Add($"Portal:GatewayUrl '{options.GatewayUrl}' is not an http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.OperatorKeyFile)
            && (!File.Exists(options.OperatorKeyFile)
                || string.IsNullOrWhiteSpace(File.ReadLines(options.OperatorKeyFile).FirstOrDefault())))
        {
            failures.Add($"Portal:OperatorKeyFile '{options.OperatorKeyFile}' is missing or its first line is empty.");
        }

        if (options.SessionMaxHours * 60 < options.SessionMinutes)
        {
            failures.Add("Portal:SessionMaxHours must not be shorter than Portal:SessionMinutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
