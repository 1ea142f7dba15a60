// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// Makes Mosquitto re-read its password and ACL files: SIGHUP to the process in <c>Broker:Mosquitto:PidFile</c>,
/// or <c>Broker:Mosquitto:ReloadCommand</c> through <c>/bin/sh -c</c>. Thread-safe.
/// </summary>
public sealed partial class MosquittoReloader(IOptions<BrokerOptions> options, ILogger<MosquittoReloader> logger)
{
    private const int SigHup = 1;

    /// <summary>
    /// Asks Mosquitto to reload. Returns false (and logs why) if it could not be asked; Mosquitto then keeps the
    /// previous files until it is reloaded or restarted. Mosquitto reloads asynchronously after the signal.
    /// </summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        var mosquitto = options.Value.Mosquitto;
        return mosquitto.PidFile.Length > 0
            ? await SignalAsync(mosquitto.PidFile, cancellationToken).ConfigureAwait(false)
            : await RunCommandAsync(mosquitto.ReloadCommand, mosquitto.ReloadTimeout, cancellationToken)
                .ConfigureAwait(false);
    }

    private async Task<bool> SignalAsync(string pidFile, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(pidFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogReloadFailed(logger, $"cannot read pid file '{pidFile}': {ex.Message}");
            return false;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
        {
            LogReloadFailed(logger, $"pid file '{pidFile}' does not hold a process id");
            return false;
        }

        if (OperatingSystem.IsWindows() || Kill(pid, SigHup) != 0)
        {
            LogReloadFailed(logger, $"SIGHUP to process {pid} failed (errno {Marshal.GetLastPInvokeError()})");
            return false;
        }

        LogReloadRequested(logger, $"SIGHUP to process {pid}");
        return true;
    }

    private async Task<bool> RunCommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                LogReloadFailed(logger, $"'{command}' exited with {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
                return false;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            LogReloadFailed(logger, $"'{command}' did not finish within {timeout}");
            return false;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            LogReloadFailed(logger, $"'{command}' could not be started: {ex.Message}");
            return false;
        }

        LogReloadRequested(logger, command);
        return true;
    }

    // A DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "Mosquitto reload requested: {How}")]
    private static partial void LogReloadRequested(ILogger logger, string how);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error,
        Message = "Could not make Mosquitto reload its password and ACL files: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);
}
