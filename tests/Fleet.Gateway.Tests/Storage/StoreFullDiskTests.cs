// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MQTTnet;
using MQTTnet.Packets;

namespace Fleet.Gateway.Tests.Storage;

/// <summary>
/// A real full disk: the SQLite data directory is a 4 MiB tmpfs mounted for the test (the tests run as root, as
/// tests/run-all.sh and CI do), filled with a file until the kernel says ENOSPC. The writer must hold every
/// message unacknowledged, report the failure, and store and acknowledge all of them once space is freed.
/// </summary>
public sealed class StoreFullDiskTests
{
    private const int Messages = 40;

    [Fact]
    public async Task UplinkWriter_DiskFullThenFreed_AcknowledgesNothingUntilStoredThenEverything()
    {
        using var dir = new TempDirectory();
        var mount = Path.Combine(dir.Path, "tiny");
        Directory.CreateDirectory(mount);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount);
        try
        {
            await RunScenarioAsync(mount);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await RunAsync("umount", mount);
        }
    }

    private static async Task RunScenarioAsync(string dataDirectory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = StorageOptions.Sqlite,
            ["Storage:DataDirectory"] = dataDirectory,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<GatewayTelemetry>()
            .AddSingleton<RejectionLogLimiter>()
            .AddSingleton<IngestStats>()
            .AddSingleton<IngestQueue>()
            .AddSingleton<DeviceChangeSignal>()
            .AddSingleton<UplinkWriter>();
        services.AddFleetStorage();
        await using var provider = services.BuildServiceProvider();
        var database = provider.GetRequiredService<FleetDatabase>();
        await provider.GetRequiredService<IFleetStore>().MigrateAsync(CancellationToken.None);
        await StoreTestData.AddDeviceAsync(database, "cam-1");
        var health = provider.GetRequiredService<StoreHealthCheck>();
        var failures = 0L;
        // Only this provider's meter: other tests' gateways in the process count their own failures.
        var meter = provider.GetRequiredService<GatewayTelemetry>().Meter;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == StoreResilience.FailuresName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();

        var filler = Path.Combine(dataDirectory, "filler");
        FillDisk(filler);

        // Each acknowledgement checks, at that very moment, that its message is in the database.
        var acked = new ConcurrentDictionary<uint, bool>();
        var writer = provider.GetRequiredService<UplinkWriter>();
        await writer.StartAsync(CancellationToken.None);
        try
        {
            var queue = provider.GetRequiredService<IngestQueue>();
            for (uint seq = 1; seq <= Messages; seq++)
            {
                var message = Payloads.Telemetry("cam-1", seq);
                var delivery = new MqttApplicationMessageReceivedEventArgs("fleet-gateway-ingest",
                    new MqttApplicationMessageBuilder().WithTopic(Topics.For("cam-1", MessageType.Telemetry)).Build(),
                    new MqttPublishPacket(), async (e, ct) =>
                    {
                        var stored = await StoreTestData.ScalarAsync(database,
                            $"SELECT COUNT(*) FROM telemetry WHERE seq = {message.Sequence};");
                        acked[message.Sequence] = stored == 1;
                    });
                await queue.Writer.WriteAsync(new PendingUplink(message, DecodeError.None, delivery));
            }

            // Full: the quick retries and at least one slow retry fail, /health says so, nothing is acknowledged.
            await Eventually.UntilAsync(() => health.ConsecutiveFailures > StoreResilience.MaxRetryAttempts + 1,
                "the writer failing on the full disk more than one round of retries");
            var report = await health.CheckHealthAsync(new HealthCheckContext());
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.IsType<SqliteException>(report.Exception);
            // SQLite reports ENOSPC as SQLITE_FULL (13) where it writes pages, and as an SQLITE_IOERR (10) variant
            // where the write that hit it was the WAL index or a journal sync; both are the full disk.
            var extended = ((SqliteException)report.Exception!).SqliteExtendedErrorCode;
            Assert.True((extended & 0xFF) is 13 or 10, $"expected SQLITE_FULL or SQLITE_IOERR, got extended code {extended}");
            Assert.True(Interlocked.Read(ref failures) >= health.ConsecutiveFailures);
            Assert.Empty(acked);

            // Freed: the same batch commits, then every message is acknowledged, each after it was stored.
            File.Delete(filler);
            await Eventually.UntilAsync(() => acked.Count == Messages, "every message acknowledged after space was freed");
            Assert.All(acked, a => Assert.True(a.Value, $"seq {a.Key} was acknowledged before it was stored"));
            Assert.Equal(Messages, await StoreTestData.ScalarAsync(database, "SELECT COUNT(*) FROM telemetry;"));
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
            Assert.Equal(Messages, provider.GetRequiredService<IngestStats>().AcceptedCount);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Writes until the file system refuses (ENOSPC), leaving no free block.</summary>
    private static void FillDisk(string path)
    {
        var chunk = new byte[4096];
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // The disk is full: what we came for.
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0,
            $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error} — this test mounts a tmpfs and needs root");
    }
}
