// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Mqtt;

/// <summary>Source-generated log messages of the embedded broker.</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "MQTT broker listening on {Host}:{Port}")]
    public static partial void Started(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "MQTT broker stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "CONNECT refused for client {ClientId} (user {UserName}): {Reason}")]
    public static partial void ConnectRefused(ILogger logger, string clientId, string userName, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "Broker:Mode is External: embedded broker not started; the gateway uses the broker at {Host}:{Port}")]
    public static partial void NotStarted(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Validating a CONNECT of {ClientId} failed")]
    public static partial void ConnectValidationFailed(ILogger logger, string clientId, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "The previous connection of {ClientId} was not reported closed within {Wait}; accepting the new one anyway")]
    public static partial void HandoverTimedOut(ILogger logger, string clientId, TimeSpan wait);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information,
        Message = "Closed the connection and deleted the session of retired device {DeviceId}")]
    public static partial void DeviceRetired(ILogger logger, string deviceId);
}
