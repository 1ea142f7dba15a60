// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Storage;

public sealed class TelemetryRetentionServiceTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromDays(5);

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Sweeps_AsFakeTimePasses_RollUpOldTelemetryAndExpireEachKindOnItsOwnLimit(string provider)
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var database = store.CreateDatabase();
        var fleetStore = new FleetStore(database);
        await fleetStore.MigrateAsync(CancellationToken.None);
        await StoreTestData.AddDeviceAsync(database, "cam-1");

        // 40 days old: two rows in one hour, one in the next. 1 day old: one row. Detections 400 and 10 days old.
        var old = start - TimeSpan.FromDays(40) - TimeSpan.FromMinutes(start.Minute) + TimeSpan.FromMinutes(5);
        await StoreAsync(fleetStore, old, Payloads.Telemetry("cam-1", 1, batteryMv: 3900, socPm: 800, temperatureCc: 2000));
        await StoreAsync(fleetStore, old.AddMinutes(30), Payloads.Telemetry("cam-1", 2, batteryMv: 3800, socPm: 790, temperatureCc: -500));
        await StoreAsync(fleetStore, old.AddMinutes(65), Payloads.Telemetry("cam-1", 3, batteryMv: 3700, socPm: 780, temperatureCc: 100));
        await StoreAsync(fleetStore, start - TimeSpan.FromDays(1), Payloads.Telemetry("cam-1", 4, batteryMv: 3600));
        await StoreAsync(fleetStore, start - TimeSpan.FromDays(400), Payloads.Detection("cam-1", 1));
        await StoreAsync(fleetStore, start - TimeSpan.FromDays(10), Payloads.Detection("cam-1", 2));

        var options = Options.Create(new StorageOptions { Retention = { SweepInterval = SweepInterval } });
        var sut = new TelemetryRetentionService(fleetStore, options, time, NullLogger<TelemetryRetentionService>.Instance);
        await sut.StartAsync(CancellationToken.None);
        try
        {
            // At start: the 40-day-old hours are rolled up, the 400-day-old detection is gone.
            await sut.WaitForSweepsAsync(1, CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(1, await Count(database, "telemetry"));
            Assert.Equal(1, await Count(database, "detections"));
            var hours = await fleetStore.GetHourlyTelemetryAsync("cam-1", CancellationToken.None);
            Assert.Equal(2, hours.Count);
            var first = hours[0];
            Assert.Equal(new DateTimeOffset(old.Year, old.Month, old.Day, old.Hour, 0, 0, TimeSpan.Zero), first.HourStart);
            Assert.Equal(2, first.Samples);
            Assert.Equal((3800, 3900, 3850.0), (first.BatteryMvMin, first.BatteryMvMax, first.BatteryMvAvg));
            Assert.Equal((790, 800, 795.0), (first.SocPmMin, first.SocPmMax, first.SocPmAvg));
            Assert.Equal((-500, 2000, 750.0), (first.TemperatureCcMin, first.TemperatureCcMax, first.TemperatureCcAvg));
            Assert.Equal((1, 3700L), (hours[1].Samples, hours[1].BatteryMvSum));

            // A month later the day-old row is past 30 days too; the 10-day-old detection is still young.
            await AdvanceAsync(time, sut, TimeSpan.FromDays(30));
            Assert.Equal(0, await Count(database, "telemetry"));
            Assert.Equal(3, (await fleetStore.GetHourlyTelemetryAsync("cam-1", CancellationToken.None)).Count);
            Assert.Equal(1, await Count(database, "detections"));

            // Past the year the detection goes; past two years the two oldest hours go, the newest stays.
            await AdvanceAsync(time, sut, TimeSpan.FromDays(665));
            Assert.Equal(0, await Count(database, "detections"));
            var left = Assert.Single(await fleetStore.GetHourlyTelemetryAsync("cam-1", CancellationToken.None));
            Assert.Equal(3600, left.BatteryMvMax);
        }
        finally
        {
            await sut.StopAsync(CancellationToken.None);
            sut.Dispose();
            database.ReleasePooledConnections();
        }
    }

    [Fact]
    public void For_Cutoffs_RawIsFlooredToTheHour()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero);

        var cutoffs = RetentionCutoffs.For(now, new RetentionOptions());

        Assert.Equal(new DateTimeOffset(2026, 1, 30, 12, 0, 0, TimeSpan.Zero), cutoffs.RawTelemetryBefore);
        Assert.Equal(now - TimeSpan.FromDays(730), cutoffs.HourlyTelemetryBefore);
        Assert.Equal(now - TimeSpan.FromDays(365), cutoffs.DetectionsBefore);
    }

    /// <summary>
    /// Advances one sweep interval at a time and waits for that sweep: one big jump would fire the timer at every
    /// intermediate due time, and a sweep could read the clock before the jump has finished.
    /// </summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TelemetryRetentionService sut, TimeSpan by)
    {
        Assert.Equal(0, by.Ticks % SweepInterval.Ticks);
        for (var left = by; left > TimeSpan.Zero; left -= SweepInterval)
        {
            var done = sut.CompletedSweeps;
            time.Advance(SweepInterval);
            await sut.WaitForSweepsAsync(done + 1, CancellationToken.None).WaitAsync(Timeout);
        }
    }

    private static async Task StoreAsync(FleetStore store, DateTimeOffset receivedAt, FleetMessage message) =>
        Assert.Equal([StoreOutcome.Stored], await store.StoreBatchAsync([message], receivedAt, CancellationToken.None));

    private static Task<long> Count(FleetDatabase database, string table) =>
        StoreTestData.ScalarAsync(database, $"SELECT COUNT(*) FROM {table};");
}
