// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.Storage;

public sealed class SchemaMigrationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    // Written by the first gateway build; see Storage/Data/README.md.
    private const string V1Secret = "NLY35dtKnQVGiCe0m7PdDV3PyDh1UNd2D70hzxuyk6M";

    [Fact]
    public async Task StartAsync_SqliteFileOfTheFirstBuild_MigratesForwardKeepingEveryRow()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Storage", "Data", "fleet-v1.db"),
            Path.Combine(dir.Path, FleetDatabase.FileName));

        // The file's rows are dated November 2025: long limits keep the start-up sweep from rolling them up.
        await using var gateway = await TestGateway.StartAsync(dir.Path,
            "--Storage:Retention:RawTelemetry=36500.00:00:00", "--Storage:Retention:HourlyTelemetry=36500.00:00:00",
            "--Storage:Retention:Detections=36500.00:00:00");

        var database = gateway.Services.GetService(typeof(FleetDatabase)) as FleetDatabase;
        Assert.NotNull(database);
        Assert.Equal(SqliteSchema.Migrations.Count, await StoreTestData.ScalarAsync(database, "PRAGMA user_version;"));
        Assert.Equal(SqliteSchema.Migrations.Count, await gateway.CountRowsAsync("schema_migrations"));
        Assert.Equal(1, await StoreTestData.ScalarAsync(database,
            "SELECT COUNT(*) FROM schema_migrations WHERE version = 1 AND name LIKE '%adopted%';"));
        Assert.Equal(2, await gateway.CountRowsAsync("devices"));
        Assert.Equal(2, await StoreTestData.ScalarAsync(database,
            "SELECT COUNT(*) FROM devices WHERE retired_at_ms IS NULL;"));
        Assert.Equal(5, await gateway.CountRowsAsync("telemetry"));
        Assert.Equal(7, await gateway.CountRowsAsync("uplink_ledger"));
        Assert.Equal(1, await gateway.CountRowsAsync("retained_messages"));
        Assert.Equal(0, await gateway.CountRowsAsync("telemetry_hourly"));
        Assert.Equal(CredentialCheck.Valid,
            await gateway.Registry.ValidateCredentialsAsync("cam-1", V1Secret, CancellationToken.None));

        // The old ledger still deduplicates, and new data lands next to the old.
        await using var device = await gateway.ConnectDeviceAsync("cam-1", V1Secret);
        await device.PublishAsync(Topics.For("cam-1", MessageType.Telemetry),
            Payloads.Encode(Payloads.Telemetry("cam-1", 5)));
        await device.PublishAsync(Topics.For("cam-1", MessageType.Telemetry),
            Payloads.Encode(Payloads.Telemetry("cam-1", 6)));
        await Eventually.UntilAsync(async () =>
        {
            var s = await gateway.GetStatsAsync();
            return s.Accepted == 1 && s.Rejected["duplicate"] == 1;
        }, "seq 5 a duplicate, seq 6 stored");
        Assert.Equal(6, await gateway.CountRowsAsync("telemetry"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MigrateAsync_TwoGatewaysAtOnce_ApplyEachStepExactlyOnce(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var first = store.CreateDatabase();
        await using var second = store.CreateDatabase();

        var versions = await Task.WhenAll(
            Task.Run(() => new FleetStore(first).MigrateAsync(CancellationToken.None)),
            Task.Run(() => new FleetStore(second).MigrateAsync(CancellationToken.None)));

        var expected = provider == StorageOptions.Postgres
            ? PostgresSchema.Migrations.Count
            : SqliteSchema.Migrations.Count;
        Assert.Equal([expected, expected], versions);
        Assert.Equal(expected, await StoreTestData.ScalarAsync(first, "SELECT COUNT(*) FROM schema_migrations;"));
        Assert.Equal(expected, await new FleetStore(first).MigrateAsync(CancellationToken.None));
        first.ReleasePooledConnections();
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MigrateAsync_SchemaNewerThanThisBuild_Throws(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var database = store.CreateDatabase();
        var sut = new FleetStore(database);
        await sut.MigrateAsync(CancellationToken.None);
        await StoreTestData.ScalarAsync(database,
            "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (99, 'future', 0); SELECT 1;");

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.MigrateAsync(CancellationToken.None));
        database.ReleasePooledConnections();
    }

    /// <summary>
    /// A store of the build before device retirement (every step but the last) migrates forward: its devices keep
    /// their rows and credentials and come out in service (<c>retired_at_ms</c> NULL); retiring then works.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MigrateAsync_StoreOfThePreviousSchema_AddsRetiredAtKeepingEveryDevice(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var database = store.CreateDatabase();
        var postgresStore = provider == StorageOptions.Postgres;
        var steps = postgresStore ? PostgresSchema.Migrations : SqliteSchema.Migrations;
        var previous = steps.Single(m => m.Name == "retired devices").Version - 1;
        await ApplyStepsAsync(database, postgresStore, steps.Where(m => m.Version <= previous).ToList());
        await StoreTestData.AddDeviceAsync(database, "old-1");
        await StoreTestData.AddDeviceAsync(database, "old-2");
        await StoreTestData.ScalarAsync(database,
            "INSERT INTO uplink_ledger (device_id, type, seq, received_at_ms) VALUES ('old-1', 1, 7, 0); SELECT 1;");

        Assert.Equal(steps.Count, await new FleetStore(database).MigrateAsync(CancellationToken.None));

        Assert.Equal(2, await StoreTestData.ScalarAsync(database,
            "SELECT COUNT(*) FROM devices WHERE retired_at_ms IS NULL AND length(secret_hash) = 32;"));
        Assert.Equal(1, await StoreTestData.ScalarAsync(database, "SELECT COUNT(*) FROM uplink_ledger;"));
        Assert.Equal(steps.Count, await StoreTestData.ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations;"));
        await StoreTestData.ScalarAsync(database,
            "UPDATE devices SET retired_at_ms = 1767225600000 WHERE id = 'old-2'; SELECT 1;");
        Assert.Equal(1767225600000, await StoreTestData.ScalarAsync(database,
            "SELECT retired_at_ms FROM devices WHERE id = 'old-2';"));
        database.ReleasePooledConnections();
    }

    /// <summary>
    /// A store of the build before labels (every step up to "retired devices") migrates forward: its devices keep
    /// their rows, start without labels, and the new table takes labels (one row per device and label).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MigrateAsync_StoreBeforeLabels_AddsDeviceLabelsKeepingEveryDevice(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var database = store.CreateDatabase();
        var postgresStore = provider == StorageOptions.Postgres;
        var steps = postgresStore ? PostgresSchema.Migrations : SqliteSchema.Migrations;
        var labelsStep = steps.Single(m => m.Name == "device labels").Version;
        Assert.Equal(8, labelsStep);
        await ApplyStepsAsync(database, postgresStore, steps.Where(m => m.Version < labelsStep).ToList());
        await StoreTestData.AddDeviceAsync(database, "old-1");
        await StoreTestData.AddDeviceAsync(database, "old-2");
        await StoreTestData.ScalarAsync(database, "UPDATE devices SET retired_at_ms = 5 WHERE id = 'old-2'; SELECT 1;");

        Assert.Equal(steps.Count, await new FleetStore(database).MigrateAsync(CancellationToken.None));

        Assert.Equal(2, await StoreTestData.ScalarAsync(database, "SELECT COUNT(*) FROM devices;"));
        Assert.Equal(1, await StoreTestData.ScalarAsync(database,
            "SELECT COUNT(*) FROM devices WHERE retired_at_ms = 5;"));
        Assert.Equal(0, await StoreTestData.ScalarAsync(database, "SELECT COUNT(*) FROM device_labels;"));
        var labels = new DeviceLabelStore(database, new DeviceChangeSignal());
        await labels.ReplaceAsync("old-1", ["site:north", "board:h7"], CancellationToken.None);
        await labels.ReplaceAsync("old-2", ["site:north"], CancellationToken.None);
        Assert.Equal(["board:h7", "site:north"], await labels.GetAsync("old-1", CancellationToken.None));
        Assert.Equal(["old-1", "old-2"],
            (await labels.GetDevicesWithAsync("site:north", CancellationToken.None)).Order(StringComparer.Ordinal));
        // The primary key is (device, label): the same pair twice is refused by the table itself.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => StoreTestData.ScalarAsync(database,
            "INSERT INTO device_labels (device_id, label) VALUES ('old-2', 'site:north'); SELECT 1;"));
        database.ReleasePooledConnections();
    }

    /// <summary>Applies <paramref name="steps"/> as the build that had only those would have.</summary>
    private static async Task ApplyStepsAsync(FleetDatabase database, bool postgresStore, List<SchemaMigration> steps)
    {
        var ledger = postgresStore
            ? "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL);"
            : "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT;";
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = ledger;
            await create.ExecuteNonQueryAsync();
        }

        foreach (var step in steps)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = step.Sql + $"""

                INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ({step.Version}, 'step {step.Version}', 0);
                """ + (postgresStore ? "" : $"PRAGMA user_version = {step.Version};");
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void Migrations_BothProviders_HaveTheSameNumberedSteps() =>
        Assert.Equal(SqliteSchema.Migrations.Select(m => (m.Version, m.Name)),
            PostgresSchema.Migrations.Select(m => (m.Version, m.Name)));
}
