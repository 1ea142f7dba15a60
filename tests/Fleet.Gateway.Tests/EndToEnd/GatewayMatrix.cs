// SPDX-License-Identifier: MIT
// The end-to-end configuration matrix: Embedded+SQLite, Mosquitto+SQLite, Embedded+PostgreSQL, Mosquitto+PostgreSQL.
//
// To run a test in every configuration (other suites may reuse this as is):
//
//     public sealed class MyTests(GatewayMatrix matrix) : IClassFixture<GatewayMatrix>
//     {
//         [GatewayMatrixTheory]
//         public async Task Something_Happens(string configuration)
//         {
//             await using var gateway = await matrix.StartAsync(configuration);   // extra --Key=value args allowed
//             var id = MatrixGateway.NewDeviceId("cam");                        // unique: brokers are shared
//             var secret = await gateway.CreateDeviceAsync(id);                  // POST /api/devices
//             await using var device = await gateway.WakeAsync(id, secret);      // MQTT 5, persistent session
//             ...                                                                // gateway.Http sends the operator key
//         }
//     }
//
// One PostgreSQL server and one Mosquitto per test class, started on first use (a class whose tests only run on
// SQLite never starts PostgreSQL); each test gets a fresh database or data directory and its own gateway, so tests
// share no data. Device ids must differ between tests (NewDeviceId): Mosquitto keeps sessions and retained
// messages across the tests of a class. A configuration whose binaries are missing is reported skipped by
// GatewayMatrixTheory with the reason.
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>Class fixture of the matrix: the shared servers, and gateways started in a chosen configuration.</summary>
public sealed class GatewayMatrix : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _postgres;
    private MosquittoFixture? _mosquitto;

    /// <summary>
    /// Starts a gateway in <paramref name="configuration"/> (a <see cref="GatewayConfiguration.Name"/>) on a fresh
    /// store, waiting until its ingest client has subscribed. <paramref name="extraArgs"/> come last, so they win.
    /// </summary>
    public async Task<MatrixGateway> StartAsync(string configuration, params string[] extraArgs)
    {
        var config = GatewayConfiguration.Parse(configuration);
        var postgres = config.UsesPostgres ? await PostgresAsync() : null;
        var mosquitto = config.UsesMosquitto ? await MosquittoAsync() : null;
        var store = await TestStore.CreateAsync(config.StoreProvider, postgres);
        try
        {
            return await MatrixGateway.StartAsync(config, store, mosquitto, extraArgs);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task<PostgresServer> PostgresAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_postgres is null)
            {
                var server = new PostgresServer();
                await server.InitializeAsync();
                _postgres = server;
            }

            return _postgres;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<MosquittoFixture> MosquittoAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_mosquitto is null)
            {
                var broker = new MosquittoFixture();
                await broker.InitializeAsync();
                _mosquitto = broker;
            }

            return _mosquitto;
        }
        finally
        {
            _gate.Release();
        }
    }
}
