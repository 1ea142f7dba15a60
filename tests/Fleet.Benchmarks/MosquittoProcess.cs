// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Benchmarks;

/// <summary>
/// A Mosquitto for one run on a free loopback port: anonymous, persistence off, Nagle off and large queues, as in
/// ../shared/specs/peer-baselines.md, with the inflight limit of infra/mosquitto/mosquitto.conf.example (the
/// gateway's batch can hold at most that many unacknowledged messages). Stopped by its process id.
/// </summary>
public sealed class MosquittoProcess : IDisposable
{
    public const string BrokerPath = "/usr/sbin/mosquitto";
    public const int MaxInflight = 100;

    private readonly Process _process;
    private readonly string _directory;

    private MosquittoProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<MosquittoProcess> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(BrokerPath))
        {
            throw new InvalidOperationException($"Needs Mosquitto at {BrokerPath} (apt-get install mosquitto).");
        }

        var directory = Directory.CreateTempSubdirectory("fleet-bench-mosquitto-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(config, [
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "set_tcp_nodelay true",
            "max_queued_messages 0",
            $"max_inflight_messages {MaxInflight.ToString(CultureInfo.InvariantCulture)}",
            "max_connections -1",
            "log_dest stderr",
            "log_type error",
            $"user {Environment.UserName}",
        ], cancellationToken);
        var start = new ProcessStartInfo(BrokerPath) { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Mosquitto did not start.");
        process.ErrorDataReceived += (_, _) => { }; // drained so a chatty broker never blocks on a full pipe
        process.BeginErrorReadLine();
        var broker = new MosquittoProcess(process, directory, port);
        var waited = Stopwatch.StartNew();
        while (!await AcceptsAsync(port, cancellationToken))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                broker.Dispose();
                throw new InvalidOperationException($"Mosquitto did not listen on {port}.");
            }

            await Task.Delay(20, cancellationToken);
        }

        return broker;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
