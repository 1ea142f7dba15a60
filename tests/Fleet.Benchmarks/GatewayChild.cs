// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Fleet.Benchmarks;

/// <summary>
/// The gateway built next to this tool (<c>gateway/Fleet.Gateway/bin/{cfg}/net10.0/Fleet.Gateway.dll</c>) as a
/// child process in External mode on a SQLite data directory of its own. Stopped by its process id.
/// </summary>
public sealed partial class GatewayChild : IDisposable
{
    private const string OperatorKey = "fleet-bench-operator-key-0123456789";

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly HttpClient _http;

    private GatewayChild(Process process, string dataDirectory, Uri baseAddress)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int ProcessId => _process.Id;

    public string DatabasePath => Path.Combine(_dataDirectory, "fleet.db");

    public static Task<GatewayChild> StartAsync(int brokerPort, CancellationToken cancellationToken) =>
        StartAsync(["--Broker:Mode=External", "--Broker:Host=127.0.0.1",
            $"--Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}",
            // The benchmark's broker is anonymous; External mode still insists on an account, any will do.
            "--Broker:UserName=fleet@gateway", "--Broker:Password=bench"], cancellationToken);

    /// <summary>
    /// One scale-out instance (<c>ScaleOut:InstanceId</c> = <paramref name="instanceId"/>): External mode on the
    /// anonymous benchmark broker, shared subscription, PostgreSQL at <paramref name="connectionString"/>.
    /// </summary>
    public static Task<GatewayChild> StartScaleOutAsync(int brokerPort, string connectionString, string instanceId,
        CancellationToken cancellationToken) =>
        StartAsync(["--Broker:Mode=External", "--Broker:Host=127.0.0.1",
            $"--Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}",
            "--Broker:UserName=fleet@gateway", "--Broker:Password=bench",
            "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}",
            "--ScaleOut:Enabled=true", $"--ScaleOut:InstanceId={instanceId}"], cancellationToken);

    /// <summary>Uplinks this instance stored (<c>GET /api/ingest/stats</c>, accepted).</summary>
    public async Task<long> AcceptedAsync(CancellationToken cancellationToken)
    {
        using var document = System.Text.Json.JsonDocument.Parse(
            await _http.GetStringAsync("/api/ingest/stats", cancellationToken));
        return document.RootElement.GetProperty("accepted").GetInt64();
    }

    /// <summary>The product default: the gateway's own MQTTnet broker, listening on <paramref name="brokerPort"/>.</summary>
    public static Task<GatewayChild> StartEmbeddedAsync(int brokerPort, CancellationToken cancellationToken) =>
        StartAsync(["--Broker:Mode=Embedded", "--Broker:Host=127.0.0.1",
            $"--Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}"], cancellationToken);

    private static async Task<GatewayChild> StartAsync(string[] brokerArgs, CancellationToken cancellationToken)
    {
        var dll = FindGatewayDll();
        var dataDirectory = Directory.CreateTempSubdirectory("fleet-bench-gateway-").FullName;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true,
            RedirectStandardError = true };
        foreach (var arg in (string[])[dll, "--urls", "http://127.0.0.1:0", .. brokerArgs,
            $"--Storage:DataDirectory={dataDirectory}", $"--Api:OperatorKey={OperatorKey}"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            if (lines.Count < 200)
            {
                lines.Enqueue(line); // the start-up lines, for the error below
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups["url"].Value));
            }
            else if (line.Contains("Ingest client connected", StringComparison.Ordinal))
            {
                subscribed.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var ready = Task.WhenAll(listening.Task, subscribed.Task);
            if (await Task.WhenAny(ready, process.WaitForExitAsync(cancellationToken))
                    .WaitAsync(TimeSpan.FromSeconds(60), cancellationToken) != ready)
            {
                throw new InvalidOperationException("The gateway exited at start.");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
            throw new InvalidOperationException($"The gateway did not start:\n{string.Join('\n', lines.Take(40))}", ex);
        }

        return new GatewayChild(process, dataDirectory, await listening.Task);
    }

    /// <summary>Provisions devices through <c>POST /api/devices</c>, a few at a time (each hashes a secret).</summary>
    public async Task ProvisionAsync(IReadOnlyList<string> deviceIds, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(deviceIds, new ParallelOptions { MaxDegreeOfParallelism = 4,
            CancellationToken = cancellationToken }, async (id, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/devices")
            {
                Content = JsonContent.Create(new { id }),
            };
            request.Headers.Add("X-Fleet-Key", OperatorKey);
            using var response = await _http.SendAsync(request, token);
            response.EnsureSuccessStatusCode();
        });
    }

    /// <summary>As <see cref="ProvisionAsync"/>, keeping each device's secret (shown once) for its CONNECT.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ProvisionWithSecretsAsync(IReadOnlyList<string> deviceIds,
        CancellationToken cancellationToken)
    {
        var secrets = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(deviceIds, new ParallelOptions { MaxDegreeOfParallelism = 4,
            CancellationToken = cancellationToken }, async (id, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/devices")
            {
                Content = JsonContent.Create(new { id }),
            };
            request.Headers.Add("X-Fleet-Key", OperatorKey);
            using var response = await _http.SendAsync(request, token);
            response.EnsureSuccessStatusCode();
            var created = await response.Content.ReadFromJsonAsync<CreatedDevice>(token)
                ?? throw new InvalidOperationException($"No credentials returned for {id}.");
            secrets[id] = created.Secret;
        });
        return secrets;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }

    private static string FindGatewayDll()
    {
        // A build outside the repository (own output directory) names its gateway explicitly.
        if (Environment.GetEnvironmentVariable("FLEET_BENCH_GATEWAY_DLL") is { Length: > 0 } explicitDll)
        {
            return File.Exists(explicitDll) ? explicitDll : throw new InvalidOperationException($"No gateway at {explicitDll}.");
        }

        var configuration = typeof(GatewayChild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()
            ?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "gateway", "Fleet.Gateway", "bin", configuration, "net10.0",
                "Fleet.Gateway.dll");
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"Gateway not built at {dll}.");
            }
        }

        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
    }

    private sealed record CreatedDevice(string Id, string Secret);

    [GeneratedRegex(@"Now listening on: (?<url>http://[0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
