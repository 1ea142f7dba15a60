// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Benchmarks;

/// <summary>
/// The peer: Mosquitto's own C client (<c>mosquitto_sub</c>, QoS 1 like the gateway's subscription) on
/// <c>fleet/v1/+/up/#</c>, in its own process as the gateway is, so neither competes with the 100–1,000 publishing
/// connections of this process for its thread pool. It only prints each message's arrival time (<c>%U</c>), topic
/// and payload; a dedicated thread here counts the lines and reads each seq with the gateway's decoder.
/// </summary>
public sealed class RawFanInSubscriber : IDisposable
{
    public const string ClientPath = "/usr/bin/mosquitto_sub";

    private readonly Process _process;
    private readonly Thread _reader;
    private long _received;
    private long _last;

    private RawFanInSubscriber(Process process, Thread reader)
    {
        _process = process;
        _reader = reader;
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Arrival timestamp (in <see cref="TimeProvider.GetTimestamp"/> units) of the latest message.</summary>
    public long LastArrival => Interlocked.Read(ref _last);

    public static async Task<RawFanInSubscriber> StartAsync(int port, DeviceLoad load, long[] arrived,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!File.Exists(ClientPath))
        {
            throw new InvalidOperationException($"Needs {ClientPath} (apt-get install mosquitto-clients).");
        }

        var start = new ProcessStartInfo(ClientPath) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-V", "mqttv5", "-q", "1", "-i", "bench-raw-subscriber", "-t", Topics.UplinkFilter, "-F", "%U %t %x"])
        {
            start.ArgumentList.Add(arg);
        }

        // %U is wall-clock time; publish times are monotonic timestamps: convert through one offset taken now.
        var wallAtStart = time.GetUtcNow();
        var timestampAtStart = time.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start.");
        RawFanInSubscriber? subscriber = null;
        var reader = new Thread(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                var parts = line.Split(' ', 3);
                if (parts.Length < 3)
                {
                    continue;
                }

                var unix = double.Parse(parts[0], CultureInfo.InvariantCulture);
                var wall = DateTimeOffset.UnixEpoch.AddTicks((long)(unix * TimeSpan.TicksPerSecond));
                var at = timestampAtStart
                    + (long)((wall - wallAtStart).TotalSeconds * time.TimestampFrequency);
                var decoded = FleetCodec.DecodeUplink(parts[1], Convert.FromHexString(parts[2]));
                if (decoded.Message is Telemetry telemetry)
                {
                    var k = load.IndexOf(telemetry.DeviceId, telemetry.Sequence);
                    if (k >= 0 && k < arrived.Length && arrived[k] == 0)
                    {
                        arrived[k] = at;
                    }
                }

                Interlocked.Increment(ref subscriber!._received);
                Interlocked.Exchange(ref subscriber._last, at);
            }
        })
        { IsBackground = true, Name = "raw fan-in reader" };
        subscriber = new RawFanInSubscriber(process, reader);
        reader.Start();
        // mosquitto_sub says nothing when subscribed; give it a moment on loopback before the load starts.
        await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        if (process.HasExited)
        {
            throw new InvalidOperationException("mosquitto_sub exited at start.");
        }

        return subscriber;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _reader.Join(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
