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
            Fleet gateway: embedded MQTT broker, ingest into SQLite or PostgreSQL, HTTP API and portal.

            Usage: Fleet.Gateway [--demo] [--urls URL] [--Section:Key=value ...]

            Options:
              --demo                     Run virtual sensors against the embedded broker (Demo:Enabled=true).
              --urls URL                 HTTP listen address (default http://127.0.0.1:5080).
              --hash-password [PASSWORD] Print a PBKDF2 hash for Portal:Users:N:PasswordHash and exit (reads
                                         the password from standard input when not given).
              --help, -h                 Show this help and exit.

            Configuration keys (appsettings.json, environment as Section__Key, or --Section:Key=value):
              Broker:Mode                Embedded (in-process MQTT broker, default) | External (any MQTT 3.1.1/5
                                         broker, e.g. Mosquitto; the embedded broker is not started).
              Broker:Host                Embedded: IP address the broker binds to. External: broker host name or
                                         IP (default 127.0.0.1).
              Broker:Port                MQTT port (default 1883).
              Broker:UserName            External: the gateway's account at the broker; not a valid device id
                                         (e.g. fleet@gateway).
              Broker:Password            External: its password. Set it in the environment (Broker__Password),
                                         never in a committed file.
              Broker:ProtocolVersion     External: V500 (default) | V311.
              Broker:Tls:Enabled         External: connect with TLS (default false).
              Broker:Tls:CaFile          PEM CA the broker's certificate must chain to (default: system store).
              Broker:Tls:ClientCertificateFile, Broker:Tls:ClientKeyFile
                                         PEM client certificate and key, for brokers that require one.
              Broker:Reconnect:BaseDelay, Broker:Reconnect:MaxDelay
                                         Reconnect back-off, exponential with jitter, retried while running
                                         (default 00:00:01 and 00:00:30).
              Broker:Mosquitto:PasswordFile, Broker:Mosquitto:AclFile
                                         External: Mosquitto files the gateway writes (atomically) at start and
                                         whenever a device is provisioned or its secret rotated.
              Broker:Mosquitto:PidFile   Mosquitto's pid_file: SIGHUP it to reload the files, or instead
              Broker:Mosquitto:ReloadCommand
                                         a command run with /bin/sh -c (e.g. systemctl reload mosquitto).
              Storage:Provider           Sqlite (the file fleet.db, default) | Postgres (a PostgreSQL database).
              Storage:DataDirectory      Sqlite: directory of fleet.db, relative to the current directory; created
                                         if missing (default fleet-data).
              Storage:ConnectionString   Postgres: Npgsql connection string. Set it in the environment
                                         (Storage__ConnectionString), never in a committed file.
              Storage:Retention:RawTelemetry
                                         Raw telemetry kept, then rolled into hourly min/max/avg (default
                                         30.00:00:00).
              Storage:Retention:HourlyTelemetry
                                         Hourly telemetry aggregates kept (default 730.00:00:00).
              Storage:Retention:Detections
                                         Detection events kept (default 365.00:00:00).
              Storage:Retention:SweepInterval
                                         Time between retention sweeps; one also runs at start (default 01:00:00).
              Portal:Users:N:Name, Portal:Users:N:Role, Portal:Users:N:PasswordHash
                                         Portal users (role viewer | operator; hash from --hash-password). None
                                         set: Development and demo runs generate an operator and a viewer and log
                                         their passwords; elsewhere nobody can sign in.
              Portal:SessionMinutes      Idle minutes before a portal session ends (default 30); sessions end
                                         after Portal:SessionMaxHours in any case (default 12).
              Portal:LockoutFailures, Portal:LockoutMinutes
                                         Failed sign-ins that lock a name, and for how long (default 5, 5).
              Portal:HealthPollSeconds   How often an open page re-reads the gateway's health line (default 10).
              Portal:DeviceBrokerAddress Broker address shown with a new device's secret (host:port; the demo
                                         sets the embedded broker's; unset: not shown).
              Telemetry:Exporter         prometheus (GET /metrics) | otlp | console | none (default prometheus).
              Demo:Enabled               Start the virtual sensor fleet (default false; --demo sets it).
              Demo:SensorCount           Number of virtual sensors, 1-64 (default 6).
              Demo:WakeInterval          Time between wakes of one sensor (default 00:00:03).
              Demo:Energy:BoardProfile   Power profile draining the virtual batteries (default openmv-h7;
                                         device-firmware/profiles, copied beside the program).
              Demo:Energy:RadioProfile   Radio profile: wifi, ble, lora-sf7, lora-sf12, ltem-psm (default wifi).
              Demo:Energy:Scenario       A fleet-sim scenario file (sim/profiles/*.json) instead of the two above.
              Models:TrustedKeys:N       Public keys (PEM text or file) uploads must be signed by; the demo's
                                         virtual sensors trust the first, so its models can be rolled out to them.
              Models:Preview:BoardProfile, Models:Preview:RadioProfile
                                         Profiles the model preview prices on (default openmv-h7, wifi).
              Rollouts:ChunkSize, Rollouts:MaxConcurrentTransfers, Rollouts:EvaluationInterval
                                         OTA chunk bytes, devices transferring at once, engine tick (default
                                         1024, 50, 00:00:10).
              Rollouts:MinBatteryPercent, Rollouts:SuccessFraction, Rollouts:MaxFailureFraction
                                         Defaults of a rollout's gates (default 30, 0.9, 0.1).
              Rollouts:WaveTimeout, Rollouts:WakesPerWave, Rollouts:StallTimeout
                                         A wave's time limit and a silent transfer's (default 01:00:00, 3,
                                         00:10:00).
              Rollouts:SoakTime, Rollouts:SoakWakes
                                         Default soak of a passed wave before the next is offered (default
                                         00:00:00, 0: none; docs/rollouts.md).
              Rollouts:DetectionShift    Default detection-rate guard factor: an activated device whose detections
                                         drop to 1/f or rise to f times its baseline counts as faulted (default
                                         0: off; else above 1, up to 1000; docs/rollouts.md).
              Rollouts:DetectionBaseline, Rollouts:DetectionMinBaselineWakes
                                         The guard's baseline window before a rollout's start and the fewest
                                         wakes in it to judge a device (default 7.00:00:00, 20).
              IotHub:Enabled             Forward to Azure IoT Hub (default false; docs/iot-hub-bridge.md).
              IotHub:HostName            The hub, e.g. myhub.azure-devices.net.
              IotHub:DeviceKeys:{id}     A device's own symmetric key (base64). Keys go in the environment
                                         (IotHub__DeviceKeys__sensor-1), never in a committed file.
              IotHub:DevicePolicyName, IotHub:DevicePolicyKey
                                         Hub policy with DeviceConnect, for devices without their own key.
              IotHub:ServicePolicyName, IotHub:ServicePolicyKey
                                         Policy for the twin REST API (default name service); no key, no REST.
              IotHub:TokenLifetime, IotHub:RenewBefore
                                         SAS lifetime and how early it is renewed (default 01:00:00, 00:05:00).
              IotHub:MqttHost, IotHub:MqttPort, IotHub:UseTls, IotHub:RestBaseAddress
                                         Endpoint overrides (default HostName, 8883, true, https://HostName/).
              IotHub:QueueCapacity       Messages waiting for the hub before the oldest are dropped (default 1024).
              IotHub:OperationTimeout, IotHub:MaxRetryAttempts, IotHub:RetryBaseDelay, IotHub:BreakDuration
                                         Resilience (default 00:00:10, 3, 00:00:01, 00:00:30).

            Endpoints:
              GET /                      Portal (sign in at /signin; docs/portal.md).
              GET /api/devices           Devices as JSON; /api/devices/{id}; /api/devices/stream (SSE).
              GET /api/detections        Latest detections of the fleet; /api/detections/stream (SSE).
              GET /api/ingest/stats      Accepted and rejected uplink counts.
              GET /health                Health check: 503 while the store cannot commit; "Degraded" (200)
                                         while ingest is not subscribed at the broker.
              GET /metrics               Prometheus metrics (when Telemetry:Exporter=prometheus).

            """);
    }
}
