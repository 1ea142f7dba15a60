// SPDX-License-Identifier: MIT
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Opens connections to the gateway's database, whichever <c>Storage:Provider</c> names: the SQLite file
/// <c>{DataDirectory}/fleet.db</c> or the PostgreSQL database of <c>Storage:ConnectionString</c>. Statements
/// meant for both use <c>@name</c> parameters and the SQL both engines share (see <see cref="FleetStore"/>).
/// </summary>
/// <remarks>
/// SQLite allows one writer at a time; WAL mode lets readers run while it writes, and Microsoft.Data.Sqlite retries
/// a busy database until the command timeout. PostgreSQL connections come from Npgsql's pool. Thread-safe.
/// </remarks>
public sealed class FleetDatabase : IAsyncDisposable
{
    public const string FileName = "fleet.db";

    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;

    public FleetDatabase(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        DataDirectory = value.ResolveDataDirectory();
        FilePath = Path.Combine(DataDirectory, FileName);
        if (value.IsPostgres)
        {
            // Validation has already required a connection string; the data source owns the pool.
            _postgres = NpgsqlDataSource.Create(value.ConnectionString!);
            ProviderName = StorageOptions.Postgres;
        }
        else
        {
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = FilePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                DefaultTimeout = 30,
            }.ToString();
            ProviderName = StorageOptions.Sqlite;
        }
    }

    /// <summary><c>Sqlite</c> or <c>Postgres</c>.</summary>
    public string ProviderName { get; }

    /// <summary>True when connections go to PostgreSQL.</summary>
    public bool IsPostgres => _postgres is not null;

    /// <summary>Absolute path of the data directory (SQLite; unused with PostgreSQL).</summary>
    public string DataDirectory { get; }

    /// <summary>Absolute path of the database file (SQLite; unused with PostgreSQL).</summary>
    public string FilePath { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
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

    /// <summary>Drops pooled SQLite connections so the file can be moved or deleted (tests, shutdown).</summary>
    public void ReleasePooledConnections()
    {
        if (_sqliteConnectionString is not null)
        {
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
