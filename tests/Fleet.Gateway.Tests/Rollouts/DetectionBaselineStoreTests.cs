// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;
using Fleet.Gateway.Tests.Storage;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>The detection-rate guard's baseline query on both stores: which rows count, and the window's edges.</summary>
public sealed class DetectionBaselineStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Counts_online_statuses_and_boxed_detections_of_the_model_inside_the_window(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var database = store.CreateDatabase();
        var fleetStore = new FleetStore(database);
        await fleetStore.MigrateAsync(CancellationToken.None);
        await StoreTestData.AddDeviceAsync(database, "cam-1");
        await StoreTestData.AddDeviceAsync(database, "cam-2");
        var start = new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero);
        var from = start - TimeSpan.FromDays(7);
        var box = new DetectionBox(1, 2, 3, 4, 9000, "face");
        uint seq = 1;
        async Task StoreAsync(DateTimeOffset at, FleetMessage message) =>
            Assert.Equal([StoreOutcome.Stored], await fleetStore.StoreBatchAsync([message], at, CancellationToken.None));

        // Inside the window (from inclusive): two wakes, a sleep, a detection with a box, one without, one of another model.
        await StoreAsync(from, Payloads.Status("cam-1", seq++));
        await StoreAsync(start - TimeSpan.FromHours(1), Payloads.Status("cam-1", seq++));
        await StoreAsync(start - TimeSpan.FromHours(1), Payloads.Status("cam-1", seq++, DeviceState.Sleeping));
        await StoreAsync(start - TimeSpan.FromHours(1), Payloads.Detection("cam-1", seq++, box));
        await StoreAsync(start - TimeSpan.FromHours(1), Payloads.Detection("cam-1", seq++));
        await StoreAsync(start - TimeSpan.FromHours(1), Payloads.Detection("cam-1", seq++, box) with { ModelId = "smile-v2" });
        // Outside: just before the window, and at the start itself (to exclusive).
        await StoreAsync(from - TimeSpan.FromMilliseconds(1), Payloads.Status("cam-1", seq++));
        await StoreAsync(from - TimeSpan.FromMilliseconds(1), Payloads.Detection("cam-1", seq++, box));
        await StoreAsync(start, Payloads.Status("cam-1", seq++));
        await StoreAsync(start, Payloads.Detection("cam-1", seq++, box));
        // A device with detections but no wake in the window still appears.
        await StoreAsync(start - TimeSpan.FromDays(1), Payloads.Detection("cam-2", seq++, box, box));

        var baselines = await new RolloutStore(database).GetDetectionBaselinesAsync("face-v1", from, start, CancellationToken.None);

        Assert.Equal((2, 1), baselines["cam-1"]);
        Assert.Equal((0, 1), baselines["cam-2"]);
        Assert.Equal(2, baselines.Count);
        database.ReleasePooledConnections();
    }
}
