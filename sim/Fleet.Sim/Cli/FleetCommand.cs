// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Sim.Cli;

/// <summary>
/// <c>fleet-sim fleet --devices N --gateway HOST:PORT [--speed X] [--operator-key K --api URL | --credentials F]
/// [--duration T] [--faults …] [--json]</c>: N virtual sensors running the device agent and the firmware core
/// against a gateway's broker, with progress on stderr and a summary (wakes, uplinks acknowledged, detections,
/// faults injected and recovered, memory per sensor) on stdout.
/// </summary>
internal static class FleetCommand
{
    public static Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "Virtual sensors to run (with --api); default all in --credentials" };
        var gateway = new Option<string>("--gateway") { Description = "The gateway's MQTT broker, HOST:PORT", Required = true };
        var speed = new Option<double>("--speed") { Description = "Sensor seconds per real second of sleep (default 60)", DefaultValueFactory = _ => 60.0 };
        var api = new Option<string?>("--api") { Description = "Gateway API base URL for provisioning, e.g. http://127.0.0.1:5080" };
        var key = new Option<string?>("--operator-key") { Description = "Operator key (X-Fleet-Key) for --api" };
        var credentials = new Option<string?>("--credentials") { Description = "File of id,secret[,detector] lines instead of --api" };
        var save = new Option<string?>("--save-credentials") { Description = "Write the provisioned credentials to this file" };
        var duration = new Option<string>("--duration") { Description = "Real run time: seconds or hh:mm:ss (default 60)", DefaultValueFactory = _ => "60" };
        var faults = new Option<string?>("--faults")
        {
            Description = "Comma list: link-loss=P, brown-out=P (per wake), corrupt-chunk=P (per OTA chunk), broker-outage=EVERY/FOR (real seconds)",
        };
        var wake = new Option<uint>("--wake-interval") { Description = "Wake interval before the gateway sets one, sensor seconds (default 300)", DefaultValueFactory = _ => 300u };
        var thermal = new Option<double>("--thermal-share") { Description = "Share of thermal sensors, 0-1 (default 0.2)", DefaultValueFactory = _ => 0.2 };
        var frames = new Option<string>("--frames") { Description = "auto (../shared when present), synthetic or shared", DefaultValueFactory = _ => "auto" };
        var sharedData = new Option<string?>("--shared-data") { Description = "The reference data folder (…/shared/data) for --frames shared" };
        var trustedKey = new Option<string?>("--trusted-key") { Description = "Model-signing public key the sensors trust (PEM); without it no OTA can pass" };
        var workers = new Option<int>("--workers") { Description = "Wakes run at once at most (default 32)", DefaultValueFactory = _ => 32 };
        var seed = new Option<int?>("--seed") { Description = "Seed of frames, faults and jitter (default random)" };
        var prefix = new Option<string>("--id-prefix") { Description = "Device id prefix for --api (default sim)", DefaultValueFactory = _ => "sim" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON" };
        var cmd = new Command("fleet", "Run virtual sensors (the device agent over the firmware's detectors and model slots) against a gateway")
        {
            devices, gateway, speed, api, key, credentials, save, duration, faults, wake, thermal, frames, sharedData, trustedKey,
            workers, seed, prefix, json,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            TextWriter stdout = pr.InvocationConfiguration.Output, stderr = pr.InvocationConfiguration.Error;
            try
            {
                var run = new FleetRun
                {
                    Devices = pr.GetValue(devices),
                    Gateway = pr.GetValue(gateway)!,
                    Speed = pr.GetValue(speed),
                    Api = pr.GetValue(api),
                    OperatorKey = pr.GetValue(key),
                    Credentials = pr.GetValue(credentials),
                    SaveCredentials = pr.GetValue(save),
                    Duration = ParseDuration(pr.GetValue(duration)!),
                    Faults = ParseFaults(pr.GetValue(faults)),
                    WakeIntervalS = pr.GetValue(wake),
                    ThermalShare = pr.GetValue(thermal),
                    Frames = pr.GetValue(frames)!,
                    SharedDataDirectory = pr.GetValue(sharedData),
                    TrustedKeyPem = pr.GetValue(trustedKey),
                    Workers = pr.GetValue(workers),
                    Seed = pr.GetValue(seed) ?? RandomNumberGenerator.GetInt32(int.MaxValue),
                    IdPrefix = pr.GetValue(prefix)!,
                };
                FleetSummary summary = await run.ExecuteAsync(stderr, NullLogger.Instance, ct).ConfigureAwait(false);
                await stdout.WriteLineAsync(pr.GetValue(json)
                    ? JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true })
                    : summary.ToText()).ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or InvalidDataException
                                           or InvalidOperationException or HttpRequestException or CryptographicException)
            {
                await stderr.WriteLineAsync($"fleet-sim fleet: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return cmd;
    }

    internal static TimeSpan ParseDuration(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan t) && t > TimeSpan.Zero
                ? t
                : throw new FormatException($"--duration '{text}': seconds or hh:mm:ss, above zero");

    internal static FaultOptions ParseFaults(string? text)
    {
        var faults = new FaultOptions();
        if (string.IsNullOrWhiteSpace(text))
        {
            return faults;
        }

        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = item.Split('=', 2);
            string value = kv.Length == 2 ? kv[1] : throw new FormatException($"--faults '{item}': expected name=value");
            switch (kv[0])
            {
                case "link-loss": faults.LinkLossRate = Rate(item, value); break;
                case "brown-out": faults.BrownOutRate = Rate(item, value); break;
                case "corrupt-chunk": faults.CorruptChunkRate = Rate(item, value); break;
                case "broker-outage":
                    string[] parts = value.Split('/');
                    if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double every)
                        || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double length)
                        || every <= 0 || length <= 0 || length >= every)
                    {
                        throw new FormatException($"--faults '{item}': expected broker-outage=EVERY/FOR in seconds, 0 < FOR < EVERY");
                    }

                    faults.BrokerOutageEvery = TimeSpan.FromSeconds(every);
                    faults.BrokerOutageFor = TimeSpan.FromSeconds(length);
                    break;
                default: throw new FormatException($"--faults '{kv[0]}': known faults are link-loss, brown-out, corrupt-chunk, broker-outage");
            }
        }

        return faults;
    }

    private static double Rate(string item, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p is >= 0 and <= 1
            ? p
            : throw new FormatException($"--faults '{item}': a probability 0-1");
}
