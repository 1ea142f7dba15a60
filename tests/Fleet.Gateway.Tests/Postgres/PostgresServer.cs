// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Gateway.Tests.Infrastructure;
using Npgsql;

namespace Fleet.Gateway.Tests.Postgres;

/// <summary>
/// A throw-away PostgreSQL server for one test class: <c>initdb</c> into a temp directory (as the <c>postgres</c>
/// user when the tests run as root, which the server refuses to be), <c>postgres</c> on a free loopback port with
/// its socket in the same directory, stopped by its pid on dispose. Each test takes its own database from
/// <see cref="CreateDatabaseAsync"/>. Missing binaries fail the tests: <c>tests/run-all.sh</c> installs the Debian
/// package <c>postgresql</c>, and a silent skip would hide the PostgreSQL half of the store.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string _root = "";
    private Process? _process;
    private int _port;

    /// <summary>Connection string of the maintenance database <c>postgres</c> (superuser, trust auth on loopback).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public async Task InitializeAsync()
    {
        var bin = FindBinaries();
        _root = Path.Combine(Path.GetTempPath(), "fleet-pg-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(_root, "data");
        var socket = Path.Combine(_root, "sock");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(socket);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        // No fsync and a C locale: a test server, where speed matters and byte order is what SQLite does too.
        await RunAsync(asRoot ? "runuser" : Path.Combine(bin, "initdb"), [
            .. asRoot ? new[] { "-u", "postgres", "--", Path.Combine(bin, "initdb") } : [],
            "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C",
        ]);

        _port = FreePort.Next();
        string[] serverArgs =
        [
            Path.Combine(bin, "postgres"), "-D", data, "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", socket, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=200",
        ];
        var start = new ProcessStartInfo(asRoot ? "runuser" : serverArgs[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in asRoot ? ["-u", "postgres", "--", .. serverArgs] : serverArgs[1..])
        {
            start.ArgumentList.Add(arg);
        }

        var log = new System.Text.StringBuilder();
        _process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        _process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < StartTimeout && !_process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (NpgsqlException ex)
            {
                string text;
                lock (log)
                {
                    text = log.ToString();
                }

                throw new InvalidOperationException($"PostgreSQL did not accept connections on port {_port}: {text}", ex);
            }
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "fleet_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE {name};");
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is { } process)
        {
            // The postmaster's pid is the first line of postmaster.pid (runuser's own pid is a different process);
            // SIGTERM is PostgreSQL's "smart" shutdown. Never by name: other servers may run on this machine.
            var pidFile = Path.Combine(_root, "data", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid))
            {
                await RunAsync("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Database = database,
        Timeout = 15,
    }.ConnectionString;

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Why a server cannot be started on this machine (no server binaries), or null when it can. For callers that
    /// report a configuration as skipped instead of failing.
    /// </summary>
    public static string? MissingBinariesReason() => TryFindBinaries() is null ? MissingBinariesMessage : null;

    private const string MissingBinariesMessage =
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install the Debian package " +
        "'postgresql' (tests/run-all.sh does) to run the PostgreSQL store tests.";

    private static string FindBinaries() => TryFindBinaries() ?? throw new InvalidOperationException(MissingBinariesMessage);

    private static string? TryFindBinaries()
    {
        var root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static async Task RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
