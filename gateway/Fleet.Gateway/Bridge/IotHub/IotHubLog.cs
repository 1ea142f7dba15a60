// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Bridge.IotHub;

internal static partial class IotHubLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "IoT Hub bridge started for {HostName} (MQTT {MqttHost}:{MqttPort}, TLS {UseTls})")]
    public static partial void Started(ILogger logger, string hostName, string mqttHost, int mqttPort, bool useTls);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "IoT Hub forward of {Kind} from {DeviceId} failed; message dropped (still in the store)")]
    public static partial void ForwardFailed(ILogger logger, string kind, string deviceId, Exception ex);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "IoT Hub connection of {DeviceId} opened (token expires {ExpiresAt:O})")]
    public static partial void Connected(ILogger logger, string deviceId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "IoT Hub token of {DeviceId} due for renewal; reconnecting")]
    public static partial void Renewing(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "IoT Hub token renewal of {DeviceId} failed; retried on the next check")]
    public static partial void RenewFailed(ILogger logger, string deviceId, Exception ex);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Twin desired properties of {DeviceId} stored as desired config version {Version}")]
    public static partial void DesiredApplied(ILogger logger, string deviceId, uint version);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "Twin desired properties of {DeviceId} refused: {Errors}")]
    public static partial void DesiredRejected(ILogger logger, string deviceId, string errors);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "Twin desired properties of {DeviceId} could not be applied")]
    public static partial void DesiredFailed(ILogger logger, string deviceId, Exception ex);

    [LoggerMessage(EventId = 708, Level = LogLevel.Debug, Message = "No IoT Hub credential for {DeviceId}; {Kind} not forwarded")]
    public static partial void NoCredential(ILogger logger, string deviceId, string kind);

    [LoggerMessage(EventId = 709, Level = LogLevel.Warning, Message = "IoT Hub twin response {Status} for {DeviceId}")]
    public static partial void TwinResponse(ILogger logger, string deviceId, string status);
}
