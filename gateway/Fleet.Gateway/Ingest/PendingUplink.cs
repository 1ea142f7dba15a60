// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using MQTTnet;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// One received QoS 1 message waiting for the writer: either decoded (<see cref="Message"/>) or already rejected
/// (<see cref="Rejection"/>). Rejected ones still pass through the queue so acknowledgements leave in the order
/// the messages arrived, as MQTT requires of a QoS 1 receiver.
/// </summary>
public sealed record PendingUplink(
    FleetMessage? Message,
    DecodeError Rejection,
    MqttApplicationMessageReceivedEventArgs Delivery);
