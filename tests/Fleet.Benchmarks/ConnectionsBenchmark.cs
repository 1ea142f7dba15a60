// SPDX-License-Identifier: MIT
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Fleet.Benchmarks;

/// <summary>
/// Ramps idle device sessions through the steps of <see cref="ConnectionsSettings"/> against Mosquitto (the
/// peer), then against the gateway's embedded broker (the product default), recording per step the sessions
/// held, failures, connect rate and the broker process's resident memory above its idle figure. For the gateway
/// each step also checks liveness: one telemetry publish from a random connected device must reach the store.
/// </summary>
public static class ConnectionsBenchmark
{
    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(15);

    public static async Task<ConnectionsReport> RunAsync(ConnectionsSettings settings, TimeProvider time,
        TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        var ids = DeviceLoad.Ids(settings.Steps[^1]);
        var rows = new List<ConnectionsStep>();

        using (var broker = await MosquittoProcess.StartAsync(cancellationToken))
        {
            await progress.WriteLineAsync($"mosquitto pid {broker.ProcessId} on {broker.Port}");
            var idle = ProcessMemory.Read(broker.ProcessId);
            await using var sessions = new DeviceSessions(broker.Port);
            // Anonymous peer: each device still sends its own user name and a password, as on the wire.
            await RampAsync("mosquitto", broker.ProcessId, idle, sessions, ids, id => $"secret-{id}", settings,
                liveness: null, rows, time, progress, cancellationToken);
        }

        var port = MosquittoProcess.FreePort();
        using (var gateway = await GatewayChild.StartEmbeddedAsync(port, cancellationToken))
        {
            await progress.WriteLineAsync($"gateway (embedded broker) pid {gateway.ProcessId} on {port}; " +
                $"provisioning {ids.Count} devices");
            var provisionStart = time.GetTimestamp();
            var secrets = await gateway.ProvisionWithSecretsAsync(ids, cancellationToken);
            await progress.WriteLineAsync($"provisioned in {time.GetElapsedTime(provisionStart).TotalSeconds:F1} s");
            // Idle = provisioned and running, no device connected: what follows is the sessions' own cost.
            var idle = ProcessMemory.Read(gateway.ProcessId);
            await using var sessions = new DeviceSessions(port);
            var random = new Random(7);
            async Task<string> StoredAsync(int step)
            {
                var live = sessions.LiveIds();
                if (live.Count == 0)
                {
                    return "no session";
                }

                var device = live[random.Next(live.Count)];
                var seq = (uint)(step + 1);
                var sent = time.GetTimestamp();
                if (!await sessions.PublishTelemetryAsync(device, seq, time, cancellationToken))
                {
                    return "not acked";
                }

                return await WaitStoredAsync(gateway.DatabasePath, device, seq, time, cancellationToken)
                    ? $"stored {time.GetElapsedTime(sent).TotalMilliseconds:F0} ms"
                    : $"NOT stored in {StoreWait.TotalSeconds:F0} s";
            }

            await RampAsync("gateway embedded", gateway.ProcessId, idle, sessions, ids, id => secrets[id], settings,
                StoredAsync, rows, time, progress, cancellationToken);
        }

        return new ConnectionsReport(settings, rows, Environment.ProcessorCount, ReadLoadAverage(), OpenFileLimit());
    }

    private static async Task RampAsync(string target, int processId, ProcessMemory idle, DeviceSessions sessions,
        IReadOnlyList<string> ids, Func<string, string> secretOf, ConnectionsSettings settings,
        Func<int, Task<string>>? liveness, List<ConnectionsStep> rows, TimeProvider time, TextWriter progress,
        CancellationToken cancellationToken)
    {
        var from = 0;
        var failures = 0;
        for (var s = 0; s < settings.Steps.Count; s++)
        {
            var to = settings.Steps[s];
            var start = time.GetTimestamp();
            var outcome = await sessions.ConnectAsync(ids.Skip(from).Take(to - from).ToArray(), secretOf,
                settings.Parallel, cancellationToken);
            var seconds = time.GetElapsedTime(start).TotalSeconds;
            failures += outcome.Failures;
            // Let the broker settle (session state, GC) before reading its memory.
            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            var memory = ProcessMemory.Read(processId);
            var connected = sessions.LiveIds().Count;
            var live = liveness is null ? "-" : await liveness(s);
            var perConnection = connected > 0 ? (memory.ResidentMiB - idle.ResidentMiB) * 1024.0 / connected : double.NaN;
            var row = new ConnectionsStep(target, to, connected, failures, (to - from - outcome.Failures) / seconds,
                idle.ResidentMiB, memory.ResidentMiB, perConnection, Environment.WorkingSet / 1048576.0, live);
            rows.Add(row);
            await progress.WriteLineAsync(row.ToLine());
            foreach (var reason in outcome.Reasons)
            {
                await progress.WriteLineAsync($"  failures: {reason}");
            }

            var attempted = to - from;
            from = to;
            if (connected == 0 || outcome.Failures > attempted / 2)
            {
                await progress.WriteLineAsync($"  {target}: stopping the ramp here (most connects failed)");
                break;
            }
        }
    }

    private static async Task<bool> WaitStoredAsync(string database, string device, uint seq, TimeProvider time,
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
        command.CommandText = "SELECT COUNT(*) FROM telemetry WHERE device_id = $d AND seq = $s;";
        command.Parameters.AddWithValue("$d", device);
        command.Parameters.AddWithValue("$s", (long)seq);
        var start = time.GetTimestamp();
        while (time.GetElapsedTime(start) < StoreWait)
        {
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }

        return false;
    }

    private static string ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string OpenFileLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line is null ? "?" : string.Join('/', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
