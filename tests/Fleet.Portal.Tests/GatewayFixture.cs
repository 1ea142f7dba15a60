// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.Portal.Tests;

/// <summary>
/// Starts the real gateway process in demo mode (embedded broker + virtual sensors waking every
/// <see cref="WakeInterval"/>) on free ports with a temporary data folder, a known operator key and two portal users
/// (<see cref="Operator"/>, <see cref="Viewer"/>), and one headless Chromium, shared by the tests of a class. Kills
/// the process tree on dispose. Browser helpers (sign-in, screenshots, axe) are in <c>GatewayFixture.Browser.cs</c>.
/// </summary>
public sealed partial class GatewayFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private IPlaywright? _playwright;

    /// <summary>How often each virtual sensor wakes (the demo's shortest useful interval keeps the suite fast).</summary>
    public static readonly TimeSpan WakeInterval = TimeSpan.FromSeconds(2);

    /// <summary>The operator user configured for this gateway.</summary>
    public PortalTestUser Operator { get; } = new("ops-" + Guid.NewGuid().ToString("N")[..6], "operator", Guid.NewGuid().ToString("N"));

    /// <summary>The viewer user configured for this gateway.</summary>
    public PortalTestUser Viewer { get; } = new("watch-" + Guid.NewGuid().ToString("N")[..6], "viewer", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The model-signing key the gateway (Models:TrustedKeys) and the demo's sensors trust: generated for this run,
    /// so tests sign models at run time and no private key is ever committed.
    /// </summary>
    public Fleet.ModelSigning.ModelSigningKey ModelKey { get; } = Fleet.ModelSigning.ModelSigningKey.Generate();

    /// <summary>The gateway's operator key (X-Fleet-Key) for direct API calls.</summary>
    public string OperatorKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The embedded MQTT broker's port, for hand-made devices (<see cref="TestDevice"/>).</summary>
    public int BrokerPort { get; private set; }

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
        BrokerPort = brokerPort;

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
            $"--Demo:WakeInterval={WakeInterval:c}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // Plain console output: the "Now listening on" line must not be wrapped in colour codes or JSON.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        start.Environment["NO_COLOR"] = "1";

        // Secrets through the environment, as a deployment would pass them; the hashes use the fewest iterations the
        // portal accepts so that sign-ins stay fast.
        start.Environment["Api__OperatorKey"] = OperatorKey;
        start.Environment["Models__TrustedKeys__0"] = ModelKey.PublicKey.ExportPem();
        // Rollouts decide their waves on this tick; the default 10 s would make the rollout tests wait for nothing.
        start.Environment["Rollouts__EvaluationInterval"] = "00:00:01";
        PortalTestUser[] users = [Operator, Viewer];
        for (int i = 0; i < users.Length; i++)
        {
            start.Environment[$"Portal__Users__{i}__Name"] = users[i].Name;
            start.Environment[$"Portal__Users__{i}__Role"] = users[i].Role;
            start.Environment[$"Portal__Users__{i}__PasswordHash"] =
                PortalPasswordHasher.Hash(users[i].Password, PortalPasswordHasher.MinIterations);
        }

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

        await WaitUntilIngestingAsync();
        _playwright = await Playwright.CreateAsync();
        // Expectations wait for behaviour (a redirect after an upload, a live update) and end as soon as it shows;
        // Playwright's 5-s default is short for a 2-core CI machine that runs every test project at once.
        Assertions.SetDefaultExpectTimeout(20_000);
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

    /// <summary>
    /// Uploads <see cref="PortalTestModels.Model"/> signed with <see cref="ModelKey"/> through the gateway's API (not the
    /// portal), with <paramref name="report"/> as its report part when given; created or already there.
    /// </summary>
    public async Task UploadModelThroughApiAsync(string modelId, uint version, string? report = null)
    {
        var model = PortalTestModels.Model(modelId, version);
        using HttpClient api = new() { BaseAddress = new Uri(BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Fleet-Key", OperatorKey);
        using var form = new MultipartFormDataContent();
        var m = new ByteArrayContent(model);
        m.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(m, "model", "model.flmd");
        form.Add(new ByteArrayContent(ModelKey.CreateSignatureFile(model).ToUtf8()), "signature", "model.flmd.sig");
        if (report is not null)
        {
            form.Add(new StringContent(report), "report", "report.json");
        }

        using var response = await api.PostAsync("/api/models", form);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Kestrel listens before the ingest client has subscribed at the broker; a test device publishing in between
    /// would go unheard. <c>/health</c> says "Healthy" only once uplinks are received (docs/architecture.md).
    /// </summary>
    private async Task WaitUntilIngestingAsync()
    {
        using HttpClient http = new() { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        string status = "";
        while (deadline.Elapsed < StartupTimeout)
        {
            try
            {
                status = await http.GetStringAsync("/health");
                if (status == "Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                status = ex.Message;
            }
            catch (TaskCanceledException ex)
            {
                // One answer slower than the request timeout on a loaded machine is no reason to fail the class.
                status = ex.Message;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The gateway's /health stayed '{status}'.\n--- gateway output ---\n{Output}");
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

        ModelKey.Dispose();

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }

    /// <summary>
    /// The gateway dll of the same build as this test assembly: beside it in an artifacts layout
    /// (<c>artifacts/bin/Fleet.Portal.Tests/debug</c> → <c>artifacts/bin/Fleet.Gateway/debug</c>), else in the repo's
    /// <c>gateway/Fleet.Gateway/bin/&lt;Configuration&gt;/net10.0</c>.
    /// </summary>
    private static string LocateGatewayDll() => LocateProgram(Path.Combine("gateway", "Fleet.Gateway"), "Fleet.Gateway");

    /// <summary>The dll of another program of the solution built like this test assembly (see <see cref="LocateGatewayDll"/>).</summary>
    internal static string LocateProgram(string projectFolder, string assemblyName)
    {
        string projectName = Path.GetFileName(projectFolder);
        DirectoryInfo here = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (here.Parent?.Name == "Fleet.Portal.Tests" && here.Parent.Parent is { } binRoot)
        {
            string sibling = Path.Combine(binRoot.FullName, projectName, here.Name, assemblyName + ".dll");
            if (File.Exists(sibling))
            {
                return sibling;
            }
        }

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
        string dll = Path.Combine(dir.FullName, projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"Not built: {dll} is missing (run dotnet build {projectFolder}).");
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
