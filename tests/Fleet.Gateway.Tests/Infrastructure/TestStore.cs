// SPDX-License-Identifier: MIT
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Postgres;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>
/// The store one test runs against: a fresh SQLite data directory, or a fresh database on the class's
/// <see cref="PostgresServer"/>. Tests take the provider as a theory parameter, so each runs on both.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    /// <summary>Theory data: every provider.</summary>
    public static TheoryData<string> Providers => new() { StorageOptions.Sqlite, StorageOptions.Postgres };

    private readonly TempDirectory _directory = new();
    private readonly PostgresServer? _server;

    private TestStore(string provider, PostgresServer? server, string? connectionString)
    {
        Provider = provider;
        _server = server;
        ConnectionString = connectionString;
    }

    public string Provider { get; }

    /// <summary>The gateway's data directory (holds fleet.db with SQLite; empty with PostgreSQL).</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>The PostgreSQL database's connection string; null with SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>Gateway arguments that select this store (the data directory is passed separately).</summary>
    public string[] Args => ConnectionString is null
        ? [$"--Storage:Provider={StorageOptions.Sqlite}"]
        : [$"--Storage:Provider={StorageOptions.Postgres}", $"--Storage:ConnectionString={ConnectionString}"];

    /// <summary>A <see cref="FleetDatabase"/> on this store, for tests that drive the store without a gateway.</summary>
    public FleetDatabase CreateDatabase() => new(Options.Create(new StorageOptions
    {
        Provider = Provider,
        DataDirectory = DataDirectory,
        ConnectionString = ConnectionString,
    }));

    /// <param name="postgres">The server for a PostgreSQL store; may be null for SQLite.</param>
    public static async Task<TestStore> CreateAsync(string provider, PostgresServer? postgres)
    {
        if (provider != StorageOptions.Postgres)
        {
            return new TestStore(provider, null, null);
        }

        ArgumentNullException.ThrowIfNull(postgres);
        return new TestStore(provider, postgres, await postgres.CreateDatabaseAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null && ConnectionString is not null)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }

        _directory.Dispose();
    }
}
