// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Hosting;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Creates the <see cref="ManagementSchema"/> tables at start; registered right after
/// <see cref="DatabaseInitializer"/>, so the file exists and the core schema is in place.
/// </summary>
public sealed class ManagementSchemaInitializer(FleetDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ManagementSchema.EnsureAsync(connection, database.IsPostgres, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
