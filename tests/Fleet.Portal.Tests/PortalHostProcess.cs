// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Portal.Tests;

/// <summary>
/// The standalone portal (<c>fleet-portal</c>, Fleet.Portal.Host) as a real process against a gateway's URL, with
/// the operator key and its own users in the environment. Killed on dispose.
/// </summary>
public sealed partial class PortalHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PortalHostProcess(Process process) => _process = process;

    /// <summary>The portal's base URL.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<PortalHostProcess> StartAsync(string gatewayUrl, string? operatorKey,
        IReadOnlyList<PortalTestUser> users, params string[] extraArgs)
    {
        string dll = GatewayFixture.LocateProgram(Path.Combine("fleet-portal", "Fleet.Portal.Host"), "fleet-portal");
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (string arg in new[] { dll, "--gateway", gatewayUrl, "--urls", "http://127.0.0.1:0" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        if (operatorKey is not null)
        {
            start.Environment["Portal__OperatorKey"] = operatorKey;
        }

        for (int i = 0; i < users.Count; i++)
        {
            start.Environment[$"Portal__Users__{i}__Name"] = users[i].Name;
            start.Environment[$"Portal__Users__{i}__Role"] = users[i].Role;
            start.Environment[$"Portal__Users__{i}__PasswordHash"] =
                PortalPasswordHasher.Hash(users[i].Password, PortalPasswordHasher.MinIterations);
        }

        PortalHostProcess host = new(new Process { StartInfo = start, EnableRaisingEvents = true });
        host._process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.Exited += (_, _) => host._listening.TrySetException(new InvalidOperationException("the portal host exited"));
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            host.BaseUrl = await host._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The portal host did not start ({ex.Message}):\n{host.Output}", ex);
        }

        return host;
    }

    /// <summary>Runs the host to completion with <paramref name="args"/> (e.g. <c>--help</c>); returns exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunToEndAsync(string? standardInput, params string[] args) =>
        RunProgramToEndAsync(GatewayFixture.LocateProgram(Path.Combine("fleet-portal", "Fleet.Portal.Host"), "fleet-portal"),
            standardInput, args);

    /// <summary>Runs any program dll to completion; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunProgramToEndAsync(string dll, string? standardInput,
        params string[] args)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }

        Match match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(match.Groups["url"].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
