// SPDX-License-Identifier: MIT
using System.Text.RegularExpressions;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Stops a gateway at start when scale-out is asked for where it cannot work: the embedded broker has no shared
/// subscriptions and SQLite is one machine's file, so several gateways need an external broker and PostgreSQL.
/// </summary>
public sealed partial class ScaleOutOptionsValidator(IOptions<BrokerOptions> broker, IOptions<StorageOptions> storage)
    : IValidateOptions<ScaleOutOptions>
{
    public ValidateOptionsResult Validate(string? name, ScaleOutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return options.InstanceId.Length > 0
                ? ValidateOptionsResult.Fail("ScaleOut:InstanceId is set but ScaleOut:Enabled is false.")
                : ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (broker.Value.Mode != BrokerMode.External)
        {
            failures.Add("ScaleOut needs Broker:Mode=External (the embedded broker has no shared subscriptions).");
        }

        if (!storage.Value.IsPostgres)
        {
            failures.Add("ScaleOut needs Storage:Provider=Postgres (every instance writes the same database).");
        }

        if (!Name().IsMatch(options.InstanceId))
        {
            failures.Add("ScaleOut:InstanceId is required: 1-40 letters, digits, '-' or '_', stable across restarts.");
        }

        if (!Name().IsMatch(options.SharedSubscriptionGroup))
        {
            failures.Add("ScaleOut:SharedSubscriptionGroup must be 1-40 letters, digits, '-' or '_'.");
        }

        if (options.RenewInterval <= TimeSpan.Zero || options.LeaseDuration < 2 * options.RenewInterval)
        {
            // One missed renewal must not hand a live holder's lease to another instance.
            failures.Add("ScaleOut:RenewInterval must be positive and ScaleOut:LeaseDuration at least twice it.");
        }

        if (options.DrainIdle <= TimeSpan.Zero)
        {
            failures.Add("ScaleOut:DrainIdle must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex Name();
}
