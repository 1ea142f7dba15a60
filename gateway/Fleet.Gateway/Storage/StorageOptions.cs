// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Storage;

/// <summary>Which database the gateway keeps its devices, uplinks and retained messages in, and for how long.</summary>
/// <remarks>
/// <code>
/// "Storage": {
///   "Provider": "Sqlite",                 // or "Postgres"
///   "DataDirectory": "fleet-data",        // Sqlite only
///   "ConnectionString": null,             // Postgres only: from the environment (Storage__ConnectionString)
///   "Retention": { "RawTelemetry": "30.00:00:00", "HourlyTelemetry": "730.00:00:00",
///                  "Detections": "365.00:00:00", "SweepInterval": "01:00:00" }
/// }
/// </code>
/// </remarks>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>The embedded SQLite file (the default).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>A PostgreSQL server named by <see cref="ConnectionString"/>.</summary>
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>, case-insensitive.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// Directory holding <c>fleet.db</c> (SQLite only); relative paths are resolved against the current directory.
    /// Created if missing. Default <c>fleet-data</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "fleet-data";

    /// <summary>
    /// Npgsql connection string (PostgreSQL only). It carries a password, so it comes from the environment or a
    /// secret store, never from a file in the repository.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long telemetry and detections are kept.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>True when <see cref="Provider"/> names PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>The absolute path of the data directory.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory, Environment.CurrentDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Storage:Provider must be '{Sqlite}' or '{Postgres}', not '{Provider}'.",
                [nameof(Provider)]);
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Storage:ConnectionString is required when Storage:Provider is Postgres (set Storage__ConnectionString).",
                [nameof(ConnectionString)]);
        }

        foreach (var result in Retention.Validate())
        {
            yield return result;
        }
    }
}
