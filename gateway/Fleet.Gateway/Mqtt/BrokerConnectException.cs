// SPDX-License-Identifier: MIT
using MQTTnet;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// The broker answered a gateway client's CONNECT with a refusal. Treated as transient: a broker that is still
/// loading its password file, or whose operator is fixing the gateway's account, accepts a later attempt.
/// </summary>
public sealed class BrokerConnectException : Exception
{
    public BrokerConnectException()
    {
    }

    public BrokerConnectException(string message)
        : base(message)
    {
    }

    public BrokerConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BrokerConnectException(string clientId, MqttClientConnectResultCode resultCode)
        : base($"The broker refused the CONNECT of {clientId}: {resultCode}.")
    {
        ResultCode = resultCode;
    }

    /// <summary>The CONNACK result code.</summary>
    public MqttClientConnectResultCode ResultCode { get; }
}
