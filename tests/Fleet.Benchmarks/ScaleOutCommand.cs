// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>
/// <c>fleet-bench scale-out [--gateways 1,2,3] [--devices 200] [--seconds 20] [--window 16]</c>: for each count of
/// gateways, a fresh Mosquitto and a fresh database on one PostgreSQL, that many gateway processes in scale-out mode
/// ($share subscription), then devices publishing QoS 1 telemetry as fast as their windows allow. Prints the uplinks
/// stored per second (rows committed in PostgreSQL over the time to the last commit) and each instance's share.
/// </summary>
public static class ScaleOutCommand
{
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args)
    {
        int[] counts = [1, 2, 3];
        int devices = 200, seconds = 20, window = 16;
        try
        {
            for (var i = 0; i < args.Length; i += 2)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--gateways":
                        counts = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                        break;
                    case "--devices":
                        devices = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--seconds":
                        seconds = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--window":
                        window = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    default:
                        throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (counts.Any(c => c is < 1 or > 8) || devices < 1 || seconds < 1 || window < 1)
            {
                throw new ArgumentException("--gateways 1-8 each; --devices, --seconds, --window positive");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var postgres = await PostgresProcess.StartAsync(cancel.Token);
        await Console.Error.WriteLineAsync($"postgres pid {postgres.ProcessId} on {postgres.Port}");
        var lines = new List<string>
        {
            $"scale-out: {devices} devices, QoS 1, window {window}, {seconds} s of load per run; "
            + $"{Environment.ProcessorCount} CPUs; one Mosquitto, one PostgreSQL (fsync on)",
        };
        foreach (var n in counts)
        {
            lines.Add(await RunOnceAsync(postgres, n, devices, seconds, window, cancel.Token));
            await Console.Error.WriteLineAsync(lines[^1]);
        }

        foreach (var line in lines)
        {
            await Console.Out.WriteLineAsync(line);
        }

        return 0;
    }

    private static async Task<string> RunOnceAsync(PostgresProcess postgres, int gatewayCount, int deviceCount,
        int seconds, int window, CancellationToken cancellationToken)
    {
        var database = $"fleet_bench_{gatewayCount}_{Environment.TickCount64 % 100000}";
        await postgres.CreateDatabaseAsync(database, cancellationToken);
        using var broker = await MosquittoProcess.StartAsync(cancellationToken);
        var gateways = new List<GatewayChild>();
        try
        {
            for (var i = 0; i < gatewayCount; i++)
            {
                gateways.Add(await GatewayChild.StartScaleOutAsync(broker.Port, postgres.ConnectionString(database),
                    $"gw-{i}", cancellationToken));
            }

            var ids = DeviceLoad.Ids(deviceCount);
            await gateways[0].ProvisionAsync(ids, cancellationToken);
            await using var load = await DeviceLoad.ConnectAsync(broker.Port, ids, cancellationToken);
            var settings = new IngestSettings(deviceCount, null, seconds, window, false);
            var sent = new long[settings.MessageCap];
            var time = TimeProvider.System;
            var start = time.GetTimestamp();
            var result = await load.RunAsync(settings, sent, time, cancellationToken);

            // Drain: until every acknowledged message is a row, or nothing more commits for a while.
            long rows = 0, lastRows = -1;
            var lastChange = time.GetTimestamp();
            var lastCommit = start;
            while (rows < result.Acked && time.GetElapsedTime(lastChange) < StallLimit)
            {
                await Task.Delay(100, cancellationToken);
                rows = await postgres.CountAsync(database, "SELECT COUNT(*) FROM telemetry", cancellationToken);
                if (rows != lastRows)
                {
                    lastRows = rows;
                    lastChange = lastCommit = time.GetTimestamp();
                }
            }

            var elapsed = (lastCommit - start) / (double)time.TimestampFrequency;
            var shares = new List<long>();
            foreach (var gateway in gateways)
            {
                shares.Add(await gateway.AcceptedAsync(cancellationToken));
            }

            var sharesText = string.Join(" / ", shares.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            return string.Create(CultureInfo.InvariantCulture,
                $"{gatewayCount} gateway(s): {rows} of {result.Acked} PUBACKed stored in {elapsed:0.0} s = "
                + $"{rows / elapsed:0} stored/s (publish phase {result.Duration.TotalSeconds:0.0} s, "
                + $"{result.Acked / result.Duration.TotalSeconds:0} PUBACKed/s); per instance {sharesText}; "
                + $"load average {LoadAverage()}");
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                gateway.Dispose();
            }
        }
    }

    private static string LoadAverage()
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
}
