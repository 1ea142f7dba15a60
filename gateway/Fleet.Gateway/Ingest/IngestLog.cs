// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Ingest;

/// <summary>Source-generated log messages of the ingest path.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning,
        Message = "Uplink rejected ({Reason}) from {Source}: {Detail}")]
    public static partial void UplinkRejected(ILogger logger, string reason, string source, string detail);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "{Count} further uplink rejections were not logged in the last window")]
    public static partial void RejectionsSuppressed(ILogger logger, long count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Duplicate uplink from {Source} ignored: {Detail}")]
    public static partial void DuplicateIgnored(ILogger logger, string source, string detail);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information,
        Message = "Ingest client connected to {Host}:{Port} (session present: {SessionPresent})")]
    public static partial void IngestConnected(ILogger logger, string host, int port, bool sessionPresent);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning,
        Message = "Ingest client could not connect to {Host}:{Port}: {Reason}")]
    public static partial void IngestConnectFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Ingest client connection failed")]
    public static partial void IngestConnectError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Ingest client disconnected: {Reason}")]
    public static partial void IngestDisconnected(ILogger logger, string reason);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error,
        Message = "Storing a batch of {Count} uplinks failed; retrying (nothing was acknowledged)")]
    public static partial void BatchStoreFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug,
        Message = "Acknowledging an uplink failed; the broker will redeliver it and dedup will catch it")]
    public static partial void AcknowledgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug,
        Message = "Stored batch: {Stored} stored, {Duplicates} duplicates, {Unknown} from unknown devices")]
    public static partial void BatchStored(ILogger logger, int stored, int duplicates, int unknown);
}
