// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;
using MQTTnet;
using MQTTnet.Packets;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) carried in MQTT 5 user properties, so one trace runs
/// from a device's publish through the broker to the gateway's commit, and from an operator's request to the
/// downlink a device receives. MQTT 3.1.1 has no user properties: such messages simply start new traces.
/// </summary>
public static class MqttTraceContext
{
    /// <summary>User property holding the W3C <c>traceparent</c> (<c>00-{trace id}-{span id}-{flags}</c>).</summary>
    public const string TraceParentProperty = "traceparent";

    /// <summary>User property holding the W3C <c>tracestate</c> (optional, vendor data).</summary>
    public const string TraceStateProperty = "tracestate";

    /// <summary>
    /// Reads the remote parent from <paramref name="properties"/>; false (and <c>default</c>) when there is none or
    /// it does not parse, because a device's malformed header must not cost the message, only its trace.
    /// </summary>
    public static bool TryGetParent(IReadOnlyList<MqttUserProperty>? properties, out ActivityContext parent)
    {
        parent = default;
        if (properties is null || properties.Count == 0)
        {
            return false;
        }

        string? traceParent = null;
        string? traceState = null;
        foreach (var property in properties)
        {
            if (string.Equals(property.Name, TraceParentProperty, StringComparison.OrdinalIgnoreCase))
            {
                traceParent = property.ReadValueAsString();
            }
            else if (string.Equals(property.Name, TraceStateProperty, StringComparison.OrdinalIgnoreCase))
            {
                traceState = property.ReadValueAsString();
            }
        }

        return traceParent is not null
            && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent);
    }

    /// <summary>Adds <paramref name="activity"/>'s context to <paramref name="builder"/> (nothing when null).</summary>
    public static MqttApplicationMessageBuilder WithTraceContext(this MqttApplicationMessageBuilder builder,
        Activity? activity)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Only W3C ids can be written as a traceparent; a hierarchical id (legacy format) has no such form.
        if (activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id })
        {
            builder.WithUserProperty(TraceParentProperty, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(id));
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                builder.WithUserProperty(TraceStateProperty,
                    (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(activity.TraceStateString));
            }
        }

        return builder;
    }
}
