// SPDX-License-Identifier: MIT
using MQTTnet;

namespace Fleet.Sim.VirtualSensors;

/// <summary>The broker refused a virtual sensor's CONNECT (MQTTnet 5 reports this as a result, not an exception).</summary>
public sealed class VirtualSensorConnectException : Exception
{
    /// <summary>Creates the exception for a refused connect.</summary>
    public VirtualSensorConnectException(string deviceId, MqttClientConnectResultCode resultCode, string? reason)
        : base($"Broker refused the connect of '{deviceId}': {resultCode}{(string.IsNullOrEmpty(reason) ? "" : $" ({reason})")}.")
    {
        DeviceId = deviceId;
        ResultCode = resultCode;
    }

    /// <summary>The device that tried to connect.</summary>
    public string DeviceId { get; } = "";

    /// <summary>The CONNACK reason code.</summary>
    public MqttClientConnectResultCode ResultCode { get; }

    /// <summary>
    /// True when retrying soon may succeed (broker starting or busy); false for refusals that need a config change
    /// (bad credentials, banned).
    /// </summary>
    public bool IsTransient => ResultCode is MqttClientConnectResultCode.ServerUnavailable
        or MqttClientConnectResultCode.ServerBusy or MqttClientConnectResultCode.UnspecifiedError
        or MqttClientConnectResultCode.QuotaExceeded or MqttClientConnectResultCode.ConnectionRateExceeded;
}
