// SPDX-License-Identifier: MIT
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Opens connections to the gateway's SQLite file (<c>{DataDirectory}/fleet.db</c>). One writer (the ingest
/// writer or the registry) at a time is SQLite's rule; WAL mode lets the API read while it writes, and
/// Microsoft.Data.Sqlite retries a busy database until the command timeout.
/// </summary>
public sealed class FleetDatabase
{
    public const string FileName = "fleet.db";

    private readonly string _connectionString;

    public FleetDatabase(IOptions<StorageOptions> options)
    {
        DataDirectory = options.Value.ResolveDataDirectory();
        FilePath = Path.Combine(DataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Absolute path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: FULL would fsync every commit twice; NORMAL in WAL mode is still durable across a
            // process crash (only a power cut can lose the last commits), which is the failure ack-after-store
            // guards against.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drops pooled connections so the file can be moved or deleted (tests, shutdown).</summary>
    public void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
