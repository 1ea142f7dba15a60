// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Runs store commits through a Polly retry that handles only named transient errors (SQLite busy, locked, I/O
/// error and full; Npgsql's transient errors such as a dropped connection), counts every failed attempt in
/// <see cref="FailuresName"/> and keeps <see cref="StoreHealthCheck"/> up to date. What still fails after the
/// retries is the caller's to keep: the ingest writer holds the batch unacknowledged and tries again.
/// </summary>
public sealed partial class StoreResilience
{
    /// <summary>Counter of failed store attempts, tagged with <see cref="ProviderTag"/> and <see cref="ErrorTag"/>.</summary>
    public const string FailuresName = "fleet.gateway.store.failures";
    public const string ProviderTag = "provider";
    public const string ErrorTag = "error.type";

    /// <summary>Quick retries inside one attempt of the caller; a full disk outlasts them and that is fine.</summary>
    public const int MaxRetryAttempts = 3;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    // SQLite primary result codes (sqlite3.h): BUSY 5, LOCKED 6, IOERR 10, FULL 13.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoErr = 10;
    private const int SqliteFull = 13;

    private readonly IFleetStore _store;
    private readonly StoreHealthCheck _health;
    private readonly Counter<long> _failures;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<StoreResilience> _logger;

    public StoreResilience(IFleetStore store, StoreHealthCheck health, GatewayTelemetry telemetry, TimeProvider time,
        ILogger<StoreResilience> logger)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        _store = store;
        _health = health;
        _logger = logger;
        _failures = telemetry.Meter.CreateCounter<long>(FailuresName, unit: "{failure}",
            description: "Store commits that failed (each attempt), by provider and error type");
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<SqliteException>(IsTransientSqlite)
                    .Handle<NpgsqlException>(e => e.IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = MaxRetryAttempts,
                Delay = FirstRetryDelay,
                OnRetry = args =>
                {
                    LogRetrying(_logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Whether Polly retries <paramref name="exception"/> (the same rule the pipeline uses).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => IsTransientSqlite(sqlite),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="operation"/> (one transaction that either commits or throws) with retries; records each
    /// failed attempt and the final success.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return await _pipeline.ExecuteAsync(async token =>
        {
            try
            {
                var result = await operation(token).ConfigureAwait(false);
                _health.RecordSuccess();
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _health.RecordFailure(ex);
                _failures.Add(1,
                    new KeyValuePair<string, object?>(ProviderTag, _store.ProviderName),
                    new KeyValuePair<string, object?>(ErrorTag, ErrorType(ex)));
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsTransientSqlite(SqliteException e) =>
        // Extended codes carry the primary one in their low byte (SQLITE_IOERR_WRITE = 10 | 3 << 8).
        (e.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteIoErr or SqliteFull;

    private static string ErrorType(Exception ex) => ex switch
    {
        SqliteException s => $"sqlite_{s.SqliteErrorCode & 0xFF}",
        PostgresException p => $"postgres_{p.SqlState}",
        NpgsqlException => "npgsql",
        _ => ex.GetType().Name,
    };

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "Store commit failed with a transient error; retry {Attempt} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, int attempt, TimeSpan delay, Exception? exception);
}
