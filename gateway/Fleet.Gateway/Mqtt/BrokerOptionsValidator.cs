// SPDX-License-Identifier: MIT
using System.Net;
using Fleet.Contracts.Protocol;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Rejects broker settings that cannot work together, so a bad deployment stops at start instead of retrying a
/// hopeless connection forever. Pure apart from checking that named files exist.
/// </summary>
public sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add("Broker:Port must be 1-65535.");
        }

        if (options.Reconnect.BaseDelay <= TimeSpan.Zero || options.Reconnect.MaxDelay < options.Reconnect.BaseDelay)
        {
            failures.Add("Broker:Reconnect:BaseDelay must be positive and at most Broker:Reconnect:MaxDelay.");
        }

        switch (options.Mode)
        {
            case BrokerMode.Embedded:
                ValidateEmbedded(options, failures);
                break;
            case BrokerMode.External:
                ValidateExternal(options, failures);
                break;
            default:
                failures.Add($"Broker:Mode must be Embedded or External, not '{options.Mode}'.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEmbedded(BrokerOptions options, List<string> failures)
    {
        if (!IPAddress.TryParse(options.Host, out _))
        {
            failures.Add("Broker:Host must be an IP address in Embedded mode (the broker binds to it).");
        }

        // Settings that only an external broker uses would be silently ignored here: refuse them instead, so a
        // forgotten Broker:Mode=External does not start a wide-open embedded broker by surprise.
        if (options.UserName.Length > 0 || options.Password.Length > 0)
        {
            failures.Add("Broker:UserName and Broker:Password apply only to Broker:Mode=External.");
        }

        if (options.Tls.Enabled || options.Tls.CaFile.Length > 0 || options.Tls.ClientCertificateFile.Length > 0
            || options.Tls.ClientKeyFile.Length > 0)
        {
            failures.Add("Broker:Tls applies only to Broker:Mode=External (the embedded broker listens on plain TCP).");
        }

        if (options.Mosquitto.IsEnabled || options.Mosquitto.PidFile.Length > 0
            || options.Mosquitto.ReloadCommand.Length > 0)
        {
            failures.Add("Broker:Mosquitto applies only to Broker:Mode=External.");
        }

        if (options.ProtocolVersion != MqttProtocolVersion.V500)
        {
            failures.Add("Broker:ProtocolVersion applies only to Broker:Mode=External.");
        }
    }

    private static void ValidateExternal(BrokerOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            failures.Add("Broker:Host must be a host name or IP address.");
        }

        if (options.UserName.Length == 0 || options.Password.Length == 0)
        {
            failures.Add("Broker:UserName and Broker:Password are required in External mode "
                + "(set the password through the environment, e.g. Broker__Password).");
        }
        else if (DeviceIds.IsValid(options.UserName))
        {
            // Devices log in with their id as user name: the gateway's account must be one no device can own.
            failures.Add("Broker:UserName must not be a valid device id; include a character such as '@'.");
        }
        else if (options.UserName.AsSpan().IndexOfAny(": \t\r\n#") >= 0)
        {
            failures.Add("Broker:UserName must not contain ':', '#' or white space (Mosquitto's file formats).");
        }

        if (options.ProtocolVersion is not (MqttProtocolVersion.V500 or MqttProtocolVersion.V311))
        {
            failures.Add("Broker:ProtocolVersion must be V500 or V311.");
        }

        ValidateTls(options.Tls, failures);
        ValidateMosquitto(options, failures);
    }

    private static void ValidateTls(BrokerTlsOptions tls, List<string> failures)
    {
        if (!tls.Enabled)
        {
            if (tls.CaFile.Length > 0 || tls.ClientCertificateFile.Length > 0 || tls.ClientKeyFile.Length > 0)
            {
                failures.Add("Broker:Tls files are set but Broker:Tls:Enabled is false.");
            }

            return;
        }

        RequireFileIfSet(tls.CaFile, "Broker:Tls:CaFile", failures);
        RequireFileIfSet(tls.ClientCertificateFile, "Broker:Tls:ClientCertificateFile", failures);
        RequireFileIfSet(tls.ClientKeyFile, "Broker:Tls:ClientKeyFile", failures);
        if (tls.ClientKeyFile.Length > 0 && tls.ClientCertificateFile.Length == 0)
        {
            failures.Add("Broker:Tls:ClientKeyFile needs Broker:Tls:ClientCertificateFile.");
        }
    }

    private static void ValidateMosquitto(BrokerOptions options, List<string> failures)
    {
        var mosquitto = options.Mosquitto;
        if (!mosquitto.IsEnabled)
        {
            if (mosquitto.PidFile.Length > 0 || mosquitto.ReloadCommand.Length > 0)
            {
                failures.Add("Broker:Mosquitto:PidFile/ReloadCommand need Broker:Mosquitto:PasswordFile and AclFile.");
            }

            return;
        }

        if (mosquitto.PasswordFile.Length == 0 || mosquitto.AclFile.Length == 0)
        {
            failures.Add("Broker:Mosquitto:PasswordFile and Broker:Mosquitto:AclFile go together.");
        }

        RequireDirectoryOf(mosquitto.PasswordFile, "Broker:Mosquitto:PasswordFile", failures);
        RequireDirectoryOf(mosquitto.AclFile, "Broker:Mosquitto:AclFile", failures);
        if ((mosquitto.PidFile.Length > 0) == (mosquitto.ReloadCommand.Length > 0))
        {
            // Without a reload Mosquitto keeps the old files: new devices could not connect until its restart.
            failures.Add("Set exactly one of Broker:Mosquitto:PidFile and Broker:Mosquitto:ReloadCommand.");
        }

        if (mosquitto.PidFile.Length > 0 && OperatingSystem.IsWindows())
        {
            failures.Add("Broker:Mosquitto:PidFile needs POSIX signals; use Broker:Mosquitto:ReloadCommand.");
        }

        if (mosquitto.ReloadTimeout <= TimeSpan.Zero)
        {
            failures.Add("Broker:Mosquitto:ReloadTimeout must be positive.");
        }
    }

    private static void RequireFileIfSet(string path, string key, List<string> failures)
    {
        if (path.Length > 0 && !File.Exists(path))
        {
            failures.Add($"{key}: file '{path}' does not exist.");
        }
    }

    private static void RequireDirectoryOf(string path, string key, List<string> failures)
    {
        if (path.Length == 0)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            failures.Add($"{key}: directory of '{path}' does not exist.");
        }
    }
}
