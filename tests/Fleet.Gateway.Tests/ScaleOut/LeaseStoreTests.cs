// SPDX-License-Identifier: MIT
using Fleet.Gateway.ScaleOut;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>Leases on a real PostgreSQL (migration 5), with the times passed in: no sleeping, no clock.</summary>
public sealed class LeaseStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private readonly PostgresServer _server = new();
    private TestStore? _store;
    private FleetDatabase? _database;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingBinariesReason() is not null)
        {
            return;
        }

        await _server.InitializeAsync();
        _store = await TestStore.CreateAsync(StorageOptions.Postgres, _server);
        _database = _store.CreateDatabase();
        await PostgresMigrator.MigrateAsync(_database, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    [ScaleOutFact]
    public async Task TryAcquire_HeldByAnother_RefusedUntilItExpires()
    {
        var leases = new LeaseStore(_database!);
        Assert.True(await leases.TryAcquireAsync("rollout-ticks", "gw-0", T0, Duration, default));
        Assert.False(await leases.TryAcquireAsync("rollout-ticks", "gw-1", T0.AddSeconds(14), Duration, default));
        // Renewal by the holder moves the expiry on.
        Assert.True(await leases.TryAcquireAsync("rollout-ticks", "gw-0", T0.AddSeconds(10), Duration, default));
        Assert.False(await leases.TryAcquireAsync("rollout-ticks", "gw-1", T0.AddSeconds(24), Duration, default));
        // The holder died: past its expiry another instance takes over, and the old holder is now refused.
        Assert.True(await leases.TryAcquireAsync("rollout-ticks", "gw-1", T0.AddSeconds(25), Duration, default));
        Assert.False(await leases.TryAcquireAsync("rollout-ticks", "gw-0", T0.AddSeconds(26), Duration, default));
    }

    [ScaleOutFact]
    public async Task ListExpired_OnlyExpiredInstances_AndDeleteSparesARenewedOne()
    {
        var leases = new LeaseStore(_database!);
        await leases.TryAcquireAsync("instance:gw-0", "gw-0", T0, Duration, default);
        await leases.TryAcquireAsync("instance:gw-1", "gw-1", T0.AddSeconds(10), Duration, default);
        await leases.TryAcquireAsync("alert-passes", "gw-0", T0, Duration, default);

        var expired = await leases.ListExpiredAsync("instance:", T0.AddSeconds(20), default);
        Assert.Equal([("instance:gw-0", "gw-0")], expired);

        // gw-0 came back between the listing and the clean-up: its lease must survive.
        await leases.TryAcquireAsync("instance:gw-0", "gw-0", T0.AddSeconds(21), Duration, default);
        Assert.False(await leases.DeleteIfExpiredAsync("instance:gw-0", T0.AddSeconds(22), default));
        Assert.True(await leases.DeleteIfExpiredAsync("instance:gw-0", T0.AddSeconds(40), default));
        Assert.Empty(await leases.ListExpiredAsync("instance:", T0.AddSeconds(20), default));
    }
}
