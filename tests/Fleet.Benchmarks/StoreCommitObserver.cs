// SPDX-License-Identifier: MIT
using Microsoft.Data.Sqlite;

namespace Fleet.Benchmarks;

/// <summary>
/// Sees commits from outside the gateway: polls its SQLite file (read-only; WAL lets it read beside the writer)
/// for telemetry rows past the last id seen, and stamps each (device, seq) with the time it first became
/// visible. So "commit time" is late by up to one poll (<see cref="PollInterval"/> plus the query).
/// </summary>
public sealed class StoreCommitObserver
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private long _rows;
    private long _last;

    public long Rows => Interlocked.Read(ref _rows);

    public long LastCommit => Interlocked.Read(ref _last);

    /// <summary>Polls until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(string database, DeviceLoad load, long[] committed, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, device_id, seq FROM telemetry WHERE id > $after ORDER BY id LIMIT 20000;";
        var after = command.Parameters.Add("$after", SqliteType.Integer);
        long lastId = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            after.Value = lastId;
            var seen = 0;
            long now = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    now = now == 0 ? time.GetTimestamp() : now;
                    lastId = reader.GetInt64(0);
                    var k = load.IndexOf(reader.GetString(1), reader.GetInt64(2));
                    if (k >= 0 && k < committed.Length && committed[k] == 0)
                    {
                        committed[k] = now;
                    }

                    seen++;
                }
            }

            if (seen > 0)
            {
                Interlocked.Add(ref _rows, seen);
                Interlocked.Exchange(ref _last, now);
            }
            else
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
    }
}
