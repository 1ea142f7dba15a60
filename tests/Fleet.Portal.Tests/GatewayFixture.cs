// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// Starts the real gateway process in demo mode (embedded broker + virtual sensors) on free ports with a temporary
/// data folder, and one headless Chromium, shared by the tests of a class. Kills the process tree on dispose.
/// </summary>
public sealed partial class GatewayFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private IPlaywright? _playwright;

    /// <summary>The gateway's base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The shared browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Temporary data folder given to the gateway (deleted on dispose).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "fleet-portal-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Everything the gateway printed so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        string gatewayDll = LocateGatewayDll();
        Directory.CreateDirectory(DataDirectory);
        int brokerPort = FreePort();

        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
        };
        foreach (string arg in new[]
        {
            gatewayDll, "--demo", "--urls", "http://127.0.0.1:0",
            $"--Broker:Port={brokerPort}", $"--Demo:BrokerPort={brokerPort}", $"--Storage:DataDirectory={DataDirectory}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // Plain console output: the "Now listening on" line must not be wrapped in colour codes or JSON.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        start.Environment["NO_COLOR"] = "1";

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(
            new InvalidOperationException($"The gateway exited early with code {SafeExitCode()}."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            BaseUrl = await _listening.Task.WaitAsync(StartupTimeout);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"The gateway did not report its URL ({ex.Message}). Command: dotnet {string.Join(' ', start.ArgumentList)}\n"
                + $"--- gateway output ---\n{Output}", ex);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }

    /// <summary>The gateway dll of the same configuration as this test assembly (Debug/Release).</summary>
    private static string LocateGatewayDll()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
        }

        // bin/<Configuration>/net10.0/ → the configuration is two levels up from the test assembly.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string dll = Path.Combine(dir.FullName, "gateway", "Fleet.Gateway", "bin", configuration, "net10.0", "Fleet.Gateway.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"Gateway not built: {dll} is missing (run dotnet build gateway/Fleet.Gateway).");
    }

    private static int FreePort()
    {
        // The embedded broker needs a concrete port; take one the OS says is free and release it.
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }

        Match match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(match.Groups["url"].Value);
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process?.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
