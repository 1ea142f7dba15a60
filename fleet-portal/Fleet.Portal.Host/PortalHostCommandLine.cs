// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Host;

/// <summary>The host's command-line words on top of the usual <c>--Section:Key=value</c> overrides.</summary>
public static class PortalHostCommandLine
{
    /// <summary>Listen address when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static bool IsHelpRequested(IReadOnlyList<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    /// <summary>Turns <c>--gateway URL</c> into <c>--Portal:GatewayUrl=URL</c>.</summary>
    public static string[] Normalize(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], "--gateway", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Count)
            {
                result.Add($"--{PortalOptions.SectionName}:GatewayUrl={args[++i]}");
            }
            else if (args[i].StartsWith("--gateway=", StringComparison.OrdinalIgnoreCase))
            {
                result.Add($"--{PortalOptions.SectionName}:GatewayUrl={args[i]["--gateway=".Length..]}");
            }
            else
            {
                result.Add(args[i]);
            }
        }

        return [.. result];
    }

    public static void WriteHelp(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write($"""
            Fleet portal, standalone: the operators' web portal against a remote gateway's REST API.

            Usage: fleet-portal --gateway URL [--urls URL] [--Section:Key=value ...]
                   fleet-portal --hash-password [PASSWORD]

            Options:
              --gateway URL              The gateway's base URL (Portal:GatewayUrl), e.g. http://gateway:5080.
              --urls URL                 HTTP listen address (default {DefaultUrl}).
              --hash-password [PASSWORD] Print a hash for Portal:Users:N:PasswordHash and exit (reads the
                                         password from standard input when not given).
              --help, -h                 Show this help and exit.

            Configuration keys (appsettings.json, environment as Section__Key, or --Section:Key=value):
              Portal:GatewayUrl          As --gateway.
              Portal:OperatorKey         The gateway's Api:OperatorKey, sent on changes; set it in the environment
                                         (Portal__OperatorKey), never in a committed file. Without it the portal
                                         is read-only.
              Portal:OperatorKeyFile     Or a file whose first line is the key.
              Portal:DeviceBrokerAddress The MQTT broker address devices connect to (e.g. mqtt.example:8883),
                                         shown with a new device's secret; unset: not shown.
              Portal:Users:N:Name, Portal:Users:N:Role, Portal:Users:N:PasswordHash
                                         Users (role viewer | operator). None set: nobody can sign in (in
                                         Development an operator and a viewer are generated and logged).
              Portal:SessionMinutes      Idle minutes before a session ends (default 30).
              Portal:SessionMaxHours     Longest session (default 12).
              Portal:LockoutFailures, Portal:LockoutMinutes
                                         Failed sign-ins that lock a name, and for how long (default 5, 5).
              Portal:HealthPollSeconds   How often an open page re-reads the gateway's health line (default 10).
              Portal:FrameSizes:DETECTOR  Frame drawn behind a detector's boxes, WIDTHxHEIGHT (default face,
                                         smile, classifier 160x120; thermalPerson 32x24).

            """);
    }
}
