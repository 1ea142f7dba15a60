// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Settings of the demo fleet of virtual sensors, bound from the <c>Demo</c> configuration section.
/// </summary>
/// <remarks>
/// <code>
/// "Demo": { "Enabled": true, "SensorCount": 6, "WakeInterval": "00:00:03", "BrokerHost": "127.0.0.1",
///           "BrokerPort": 1883, "Seed": 42, "TimeScale": 14400 }
/// </code>
/// Validated at startup (<c>ValidateOnStart</c>): an out-of-range value stops the host instead of failing later.
/// </remarks>
public sealed class VirtualSensorFleetOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Demo";

    /// <summary>
    /// Whether the sensors run. <value>Default false</value>; the gateway's <c>--demo</c> switch sets it. When false
    /// the hosted service logs that and starts no sensor.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How many virtual sensors to run, 1–64. <value>Default 6.</value></summary>
    [Range(1, 64)]
    public int SensorCount { get; set; } = 6;

    /// <summary>
    /// Real time between two wakes of one sensor until a desired config sets another, 1 s–1 h.
    /// <value>Default 3 s</value> (a real sensor sleeps minutes to hours; the demo compresses that, see <see cref="TimeScale"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WakeInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Upper bound on a wake interval requested by a desired config, so a production-like config (e.g. 15 min)
    /// does not freeze the demo. The lower bound is the protocol's 1 s. <value>Default 30 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxWakeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Host name or address of the MQTT broker. <value>Default 127.0.0.1.</value></summary>
    [Required]
    [MinLength(1)]
    public string BrokerHost { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the MQTT broker. <value>Default 1883.</value></summary>
    [Range(1, 65535)]
    public int BrokerPort { get; set; } = 1883;

    /// <summary>Seed of the sensors' random numbers (detections, temperature, starting charge); null = a new seed each run.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Battery time per real time: each wake drains the battery as if the sensor had slept
    /// <c>interval × TimeScale</c>, so charge visibly moves during a demo. Only the battery model is scaled; every
    /// timestamp, <c>next_wake_s</c> and wake interval on the wire is real time. <value>Default 14,400</value>
    /// (a 3 s demo wake stands for a 12 h sleep, i.e. a sensor waking twice a day). 1 = no compression.
    /// </summary>
    [Range(1.0, 1_000_000.0)]
    public double TimeScale { get; set; } = 14_400.0;

    /// <summary>
    /// How long a sensor stays connected after its uplinks to receive what the broker delivers (retained config,
    /// queued messages), 0–5 s. <value>Default 250 ms.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan DownlinkWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Timeout of one MQTT connect attempt, 0.1–60 s. <value>Default 5 s.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The power profiles that drain the sensors' batteries (<c>Demo:Energy:Scenario</c>, <c>:BoardProfile</c>,
    /// <c>:RadioProfile</c>, <c>:RadioMeasuredAtMv</c>). <value>Default: the openmv-h7 board with the Wi-Fi radio.</value>
    /// </summary>
    [Required]
    public SensorEnergyOptions Energy { get; set; } = new();

    /// <summary>
    /// The model-signing public key the sensors trust for OTA (65-byte uncompressed P-256 point); null = a random
    /// one, so no rollout can activate. The gateway sets it to its first <c>Models:TrustedKeys</c> entry.
    /// </summary>
    public byte[]? TrustedPublicKey { get; set; }
}
