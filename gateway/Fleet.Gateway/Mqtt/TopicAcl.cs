// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// The topic ACL of docs/protocol.md §1.1: a device publishes only below <c>fleet/v1/{itself}/up/</c> and
/// subscribes only below <c>fleet/v1/{itself}/down/</c>. Pure; the broker hooks call it per packet.
/// </summary>
public static class TopicAcl
{
    /// <summary>
    /// Whether <paramref name="deviceId"/> may publish to <paramref name="topic"/>. Any level under its own
    /// <c>up/</c> passes here, so an unknown kind reaches ingest and is counted as <c>unknown_topic</c> there.
    /// </summary>
    public static bool MayPublish(string deviceId, string topic) =>
        DeviceIds.IsValid(deviceId)
        && topic.StartsWith(OwnPrefix(deviceId, "up"), StringComparison.Ordinal)
        && !ContainsWildcard(topic);

    /// <summary>Whether <paramref name="deviceId"/> may subscribe to <paramref name="topicFilter"/>.</summary>
    public static bool MaySubscribe(string deviceId, string topicFilter) =>
        DeviceIds.IsValid(deviceId)
        && topicFilter.StartsWith(OwnPrefix(deviceId, "down"), StringComparison.Ordinal);

    private static string OwnPrefix(string deviceId, string direction) =>
        $"{Topics.Root}/{deviceId}/{direction}/";

    private static bool ContainsWildcard(string topic) => topic.AsSpan().IndexOfAny('+', '#') >= 0;
}
