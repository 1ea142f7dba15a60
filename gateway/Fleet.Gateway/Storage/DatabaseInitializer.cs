// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Migrates the schema before anything else starts (it is registered as the first hosted service), so the broker
/// never validates a device against a missing table.
/// </summary>
public sealed partial class DatabaseInitializer(
    IFleetStore store, FleetDatabase database, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        LogReady(logger, store.ProviderName, version);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // SQLite pools keep the file open; dropping them lets a test (or an operator) move the file right away.
        database.ReleasePooledConnections();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "{Provider} store ready at schema version {Version}")]
    private static partial void LogReady(ILogger logger, string provider, int version);
}
