// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>What every virtual sensor of a run shares: broker, agent provisioning, flash, energy, faults.</summary>
public sealed class AgentSensorOptions
{
    public string BrokerHost { get; set; } = "127.0.0.1";
    public int BrokerPort { get; set; } = 1883;

    /// <summary>Wake interval before the gateway sets one (sensor time), s. <value>Default 300.</value></summary>
    public uint WakeIntervalS { get; set; } = 300;

    /// <summary>Telemetry every this many wakes before the gateway sets it. <value>Default 1.</value></summary>
    public uint TelemetryEvery { get; set; } = 1;

    /// <summary>Report a detection event on every wake, boxes or not. <value>Default false.</value></summary>
    public bool ReportEmpty { get; set; }

    /// <summary>Shortest wake interval a desired config may set, s (the agent's default is 10; the demo wakes every few seconds).</summary>
    public uint MinWakeIntervalS { get; set; } = 10;

    /// <summary>Sensor seconds per real second of sleep (<see cref="SensorClock"/>), ≥ 1. <value>Default 1.</value></summary>
    public double Speed { get; set; } = 1.0;

    /// <summary>Longest real sleep between two wakes, whatever the config says (the demo caps it so it stays lively); null = none.</summary>
    public TimeSpan? MaxRealSleep { get; set; }

    /// <summary>
    /// Battery time per sensor time: each wake drains the cell as if the sensor had slept <c>interval × this</c>.
    /// 1 for a fleet run (the accelerated clock already gives sleeps their length); the demo uses 14,400.
    /// </summary>
    public double BatteryTimeScale { get; set; } = 1.0;

    /// <summary>Folder of the sensors' flash images (one host-port image per sensor for the C model slots).</summary>
    public string FlashDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "fleet-sim-flash");

    /// <summary>Size of one sensor's flash image: 2 journal sectors and two model slots. <value>Default 64 KiB.</value></summary>
    public uint FlashBytes { get; set; } = 64 * 1024;

    /// <summary>Memory the slots get to load and self-test a model before activating it. <value>Default 256 KiB.</value></summary>
    public int SlotArenaBytes { get; set; } = 256 * 1024;

    /// <summary>The model-signing public key the sensors trust (65-byte uncompressed P-256 point); null = a random one (no OTA can pass).</summary>
    public byte[]? TrustedPublicKey { get; set; }

    /// <summary>Radio-on time one wake may spend, ms (the agent's budget). <value>Default 5,000.</value></summary>
    public int RadioBudgetMs { get; set; } = 5000;

    /// <summary>How long one connect may take, ms (the agent charges a failed one all of it). <value>Default 3,000.</value></summary>
    public int ConnectTimeoutMs { get; set; } = 3000;

    /// <summary>Longest wait for retained or queued downlinks after connecting, ms. <value>Default 600.</value></summary>
    public int DownlinkWaitMs { get; set; } = 600;

    /// <summary>First back-off after a failed connect, s (the agent's default is 60). <value>Default 60.</value></summary>
    public int BackoffBaseS { get; set; } = 60;

    /// <summary>Longest back-off, s. <value>Default 3,600.</value></summary>
    public int BackoffMaxS { get; set; } = 3600;

    /// <summary>The energy model that drains each sensor's cell; null = the default profiles (<see cref="SensorEnergyOptions"/>).</summary>
    public SensorEnergy? Energy { get; set; }

    public FaultOptions Faults { get; set; } = new();
}
