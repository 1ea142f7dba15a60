// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Fleet.Gateway.Tests.Durability;

/// <summary>
/// The real gateway as a child process (<c>dotnet Fleet.Gateway.dll</c>, the build of the same configuration as
/// these tests), so it can be killed with SIGKILL like a crash: nothing in it gets to run on the way down. Stopped
/// by its own process id, never by name.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The HTTP address Kestrel reported (the gateway is started on port 0).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public int Id => _process.Id;

    /// <summary>The gateway's console output so far (last 200 lines), for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(200));

    /// <summary>The built gateway next to the test build: <c>gateway/Fleet.Gateway/bin/{cfg}/net10.0/</c>.</summary>
    public static string GatewayDll
    {
        get
        {
            var configuration = typeof(GatewayProcess).Assembly
                .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    return Path.Combine(dir.FullName, "gateway", "Fleet.Gateway", "bin", configuration, "net10.0",
                        "Fleet.Gateway.dll");
                }
            }

            throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>
    /// Starts the gateway and waits until it listens for HTTP and its ingest client has connected to the broker.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        var dll = GatewayDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The gateway is not built at {dll}; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Plain console lines (no colours) so the listening address can be read from them.
        start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        var process = new Process { StartInfo = start };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var ready = Task.WhenAll(gateway._listening.Task, gateway._subscribed.Task);
            var first = await Task.WhenAny(ready, exited).WaitAsync(timeout);
            if (first == exited)
            {
                throw new InvalidOperationException($"The gateway exited at start:\n{gateway.Output}");
            }

            gateway.BaseAddress = await gateway._listening.Task;
            return gateway;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var output = gateway.Output;
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"The gateway did not become ready:\n{output}", ex);
        }
    }

    /// <summary>SIGKILL (<see cref="Process.Kill()"/> on Linux) and wait for the exit: a crash, not a shutdown.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
            // Bounded: a gateway under load logs a line per batch.
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
        else if (line.Contains("Ingest client connected", StringComparison.Ordinal))
        {
            _subscribed.TrySetResult();
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://[0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
