// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Fleet.Gateway.Mqtt.Mosquitto;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.External;

/// <summary>
/// A real Mosquitto (Debian's <c>/usr/sbin/mosquitto</c>) on a free loopback port, with persistence, a password
/// file and an ACL file in its own temp directory; the files are first written with the gateway's own code, then
/// maintained by the gateway under test. Stopped by its process id (never by name). Missing Mosquitto fails the
/// test with an explanation instead of skipping it: the test command installs it.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    public const string BrokerPath = "/usr/sbin/mosquitto";
    public const string GatewayUser = "fleet@gateway";

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly bool _tls;
    private Process? _process;

    public MosquittoFixture()
        : this(tls: false)
    {
    }

    /// <param name="tls">Also listen with TLS on <see cref="TlsPort"/> (a test CA signs the broker certificate),
    /// and point the gateway there; devices keep the plain <see cref="Port"/>.</param>
    public MosquittoFixture(bool tls)
    {
        _tls = tls;
    }

    /// <summary>The TLS listener's port (0 unless TLS was asked for).</summary>
    public int TlsPort { get; private set; }

    public string CaFile => Path.Combine(_directory.Path, "ca.pem");

    /// <summary>The gateway's password: random per fixture, like a real deployment's secret.</summary>
    public string GatewayPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public int Port { get; private set; }

    /// <summary>
    /// Lines appended to mosquitto.conf (e.g. the queue limits of infra/mosquitto/mosquitto.conf.example, which a
    /// load test needs: Mosquitto's default of 1,000 queued messages per session drops the rest).
    /// </summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    /// <summary>
    /// Extra accounts (user name, password) in the first password file, for tests that drive the broker without a
    /// gateway maintaining the files; the ACL's patterns let a user publish its own <c>fleet/v1/{user}/up/…</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtraUsers { get; init; } = new Dictionary<string, string>();

    public string PasswordFile => Path.Combine(_directory.Path, "passwd");

    public string AclFile => Path.Combine(_directory.Path, "acl");

    public string PidFile => Path.Combine(_directory.Path, "mosquitto.pid");

    private string ConfigFile => Path.Combine(_directory.Path, "mosquitto.conf");

    /// <summary>Mosquitto's own output so far, for failure messages.</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>
    /// Arguments that start a <see cref="TestGateway"/> in External mode against this broker, maintaining its
    /// files and reconnecting quickly.
    /// </summary>
    public string[] GatewayArgs() =>
    [
        "--Broker:Mode=External",
        .. _tls
            ? (string[])["--Broker:Host=localhost", $"--Broker:Port={TlsPort}", "--Broker:Tls:Enabled=true",
                $"--Broker:Tls:CaFile={CaFile}"]
            : ["--Broker:Host=127.0.0.1", $"--Broker:Port={Port}"],
        $"--Broker:UserName={GatewayUser}",
        $"--Broker:Password={GatewayPassword}",
        $"--Broker:Mosquitto:PasswordFile={PasswordFile}",
        $"--Broker:Mosquitto:AclFile={AclFile}",
        $"--Broker:Mosquitto:PidFile={PidFile}",
        "--Broker:Reconnect:BaseDelay=00:00:00.100",
        "--Broker:Reconnect:MaxDelay=00:00:01",
    ];

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrokerPath))
        {
            throw new InvalidOperationException(
                $"These tests need Mosquitto at {BrokerPath} (Debian package 'mosquitto'; the test command installs "
                + "it with 'apt-get install -y mosquitto'). It is missing, so the External-mode tests cannot run.");
        }

        Port = FreePort.Next();
        // Mosquitto refuses to start without its files, so they exist before the gateway first rewrites them.
        var passwords = new MosquittoPasswordFile();
        passwords.Set(GatewayUser, MosquittoPasswordHash.Create(GatewayPassword));
        foreach (var (user, password) in ExtraUsers)
        {
            passwords.Set(user, MosquittoPasswordHash.Create(password));
        }

        await AtomicFile.WriteAllTextAsync(PasswordFile, passwords.Format(), CancellationToken.None);
        await AtomicFile.WriteAllTextAsync(AclFile, MosquittoAclFile.Format(GatewayUser), CancellationToken.None);
        var tlsListener = Array.Empty<string>();
        if (_tls)
        {
            TlsPort = FreePort.Next();
            var (certFile, keyFile) = TestCertificates.WriteCaAndServer(_directory.Path, CaFile, "localhost");
            tlsListener =
            [
                $"listener {TlsPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
                $"cafile {CaFile}",
                $"certfile {certFile}",
                $"keyfile {keyFile}",
            ];
        }

        await File.WriteAllTextAsync(ConfigFile, string.Join('\n', [
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            .. tlsListener,
            "allow_anonymous false",
            $"password_file {PasswordFile}",
            $"acl_file {AclFile}",
            $"pid_file {PidFile}",
            "persistence true",
            $"persistence_location {_directory.Path}/",
            "log_dest stderr",
            // Started as root, Mosquitto switches to the 'mosquitto' user, which cannot write this directory; as
            // anyone else this line has no effect.
            $"user {Environment.UserName}",
            .. ExtraConfig,
            ""]));
        await StartAsync();
    }

    /// <summary>Starts Mosquitto (again) on <see cref="Port"/> and waits until it accepts TCP connections.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("Mosquitto is already running.");
        }

        var start = new ProcessStartInfo(BrokerPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigFile);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync())
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail($"Mosquitto did not start listening on port {Port}. Its output:\n{Log}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Kills Mosquitto (SIGKILL to its pid, like a crash) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            process.Dispose();
        }
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
        _directory.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
