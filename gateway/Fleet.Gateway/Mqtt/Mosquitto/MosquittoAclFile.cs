// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;

namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// The Mosquitto <c>acl_file</c> of docs/protocol.md §1.1. Devices log in with their id as user name, so two
/// <c>pattern</c> rules with <c>%u</c> cover every device without a line per device (and without a rewrite when
/// one is added). Pure.
/// </summary>
public static class MosquittoAclFile
{
    /// <summary>The whole file for a gateway account named <paramref name="gatewayUser"/>.</summary>
    public static string Format(string gatewayUser)
    {
        ArgumentException.ThrowIfNullOrEmpty(gatewayUser);
        if (gatewayUser.AsSpan().IndexOfAny(" \t\r\n#") >= 0)
        {
            throw new ArgumentException("The gateway user name cannot be written to a Mosquitto ACL file.",
                nameof(gatewayUser));
        }

        // Mosquitto applies "pattern" lines to every user, the gateway's included; its own fleet/v1/<name>/... topics
        // are harmless because the gateway's user name is never a valid device id. Mosquitto also refuses a %u
        // substitution for user names containing '+', '#' or '/', which device ids cannot contain anyway.
        return $"""
            # Written by the Fleet gateway (Broker:Mosquitto:AclFile); edits are overwritten.
            # Each device (user name = device id) writes only its own uplink and reads only its own downlink.
            pattern write {Topics.Root}/%u/up/#
            pattern read {Topics.Root}/%u/down/#

            # The gateway reads every uplink and writes every downlink.
            user {gatewayUser}
            topic read {Topics.UplinkFilter}
            topic write {Topics.Root}/+/down/#

            """;
    }
}
