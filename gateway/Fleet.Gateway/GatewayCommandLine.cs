// SPDX-License-Identifier: MIT
namespace Fleet.Gateway;

/// <summary>The few command-line words the gateway adds to the usual <c>--Section:Key=value</c> overrides.</summary>
public static class GatewayCommandLine
{
    public const string DemoSwitch = "--demo";

    /// <summary>True for <c>--help</c>, <c>-h</c> or <c>-?</c>.</summary>
    public static bool IsHelpRequested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (var arg in args)
        {
            if (arg is "--help" or "-h" or "-?" or "/?")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Replaces <c>--demo</c> with <c>--Demo:Enabled=true</c>; the configuration command-line provider would
    /// otherwise read it as a key waiting for a value.
    /// </summary>
    public static string[] Normalize(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new string[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            result[i] = string.Equals(args[i], DemoSwitch, StringComparison.OrdinalIgnoreCase)
                ? "--Demo:Enabled=true"
                : args[i];
        }

        return result;
    }

    /// <summary>Writes usage: switches, configuration keys and their defaults.</summary>
    public static void WriteHelp(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("""
            Fleet gateway: embedded MQTT broker, ingest into SQLite, HTTP API and portal.

            Usage: Fleet.Gateway [--demo] [--urls URL] [--Section:Key=value ...]

            Options:
              --demo                     Run virtual sensors against the embedded broker (Demo:Enabled=true).
              --urls URL                 HTTP listen address (default http://127.0.0.1:5080).
              --help, -h                 Show this help and exit.

            Configuration keys (appsettings.json, environment as Section__Key, or --Section:Key=value):
              Broker:Host                IP address the MQTT broker binds to (default 127.0.0.1).
              Broker:Port                MQTT port (default 1883).
              Storage:DataDirectory      Directory of fleet.db, relative to the current directory; created if
                                         missing (default fleet-data).
              Telemetry:Exporter         prometheus (GET /metrics) | otlp | console | none (default prometheus).
              Demo:Enabled               Start the virtual sensor fleet (default false; --demo sets it).
              Demo:SensorCount           Number of virtual sensors, 1-64 (default 6).
              Demo:WakeInterval          Time between wakes of one sensor (default 00:00:03).

            Endpoints:
              GET /                      Portal page.
              GET /api/devices           Devices as JSON; /api/devices/{id}; /api/devices/stream (SSE).
              GET /api/ingest/stats      Accepted and rejected uplink counts.
              GET /health                Health check.
              GET /metrics               Prometheus metrics (when Telemetry:Exporter=prometheus).

            """);
    }
}
