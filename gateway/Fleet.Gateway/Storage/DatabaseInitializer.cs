// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Creates the data directory and migrates the schema before anything else starts (it is registered as the
/// first hosted service), so the broker never validates a device against a missing table.
/// </summary>
public sealed partial class DatabaseInitializer(FleetDatabase database, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(database.DataDirectory);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        LogReady(logger, database.FilePath, SchemaMigrator.CurrentVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        database.ReleasePooledConnections();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Database {Path} ready at schema version {Version}")]
    private static partial void LogReady(ILogger logger, string path, int version);
}
