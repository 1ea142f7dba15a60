// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using MQTTnet;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// One received QoS 1 message waiting for the writer: either decoded (<see cref="Message"/>) or already rejected
/// (<see cref="Rejection"/>). Rejected ones still pass through the queue so acknowledgements leave in the order
/// the messages arrived, as MQTT requires of a QoS 1 receiver. <see cref="Activity"/> is the message's span (a
/// child of the device's <c>traceparent</c>, if any), open from receipt until the writer has committed and
/// acknowledged it; null when nobody listens to the gateway's traces.
/// </summary>
public sealed record PendingUplink(
    FleetMessage? Message,
    DecodeError Rejection,
    MqttApplicationMessageReceivedEventArgs Delivery,
    Activity? Activity = null,
    TaskCompletionSource? Acknowledged = null);
