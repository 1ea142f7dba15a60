using Fleet.Agent.Protocol;

namespace Fleet.Agent;

/// <summary>
/// What the device is provisioned with. Defaults are the figures docs/agent.md explains (radio power from
/// /work/shared/specs/power-figures.md §3a: an ESP32 wake + Wi-Fi connect + MQTT publish took 774 ms and 0.54 J,
/// about 700 mW while the radio is up).
/// </summary>
public sealed class AgentOptions
{
    public string DeviceId { get; set; } = "";
    public string Password { get; set; } = "";
    public string FirmwareVersion { get; set; } = "agent-1.0";

    /// <summary>Bit per detector (1 &lt;&lt; kind) this hardware can run; cameras: face, smile, classifier.</summary>
    public uint SupportedDetectors { get; set; } = 0b1011;

    /// <summary>Shortest wake interval accepted: a wake's radio work must fit well inside it.</summary>
    public uint MinWakeIntervalS { get; set; } = 10;

    /// <summary>Longest quiet window accepted, in minutes.</summary>
    public int MaxQuietMinutes { get; set; } = 720;

    /// <summary>The configuration run before the gateway sent any (also the provisioned quiet hours).</summary>
    public DeviceSettings InitialSettings { get; set; } = DefaultSettings();

    public int QueueMaxBytes { get; set; } = 32 * 1024;
    public int QueueMaxItems { get; set; } = 256;

    /// <summary>Radio-on time one wake may spend; what does not fit is carried to the next wake.</summary>
    public int RadioBudgetMs { get; set; } = 5000;

    /// <summary>Part of the budget kept for the sleeping status and DISCONNECT.</summary>
    public int RadioReserveMs { get; set; } = 100;

    /// <summary>Power drawn while the radio is up (mW); energy = radio ms × this, in µJ.</summary>
    public int RadioPowerMw { get; set; } = 700;

    /// <summary>Least radio time a successful connect is charged (the ESP32 static-IP connect measured 734 ms).</summary>
    public int ConnectChargeMs { get; set; } = 734;

    /// <summary>Least radio time one publish or one received message is charged.</summary>
    public int MessageChargeMs { get; set; } = 20;

    /// <summary>How long a connect may take; a failed one is charged all of it (the radio searched that long).</summary>
    public int ConnectTimeoutMs { get; set; } = 3000;

    /// <summary>MQTT keepalive; capped below the wake interval so a device that dies awake is marked offline before it is due.</summary>
    public int KeepAliveS { get; set; } = 30;

    /// <summary>MQTT 5 session expiry: at least the longest sleep, so queued downlinks survive it.</summary>
    public uint SessionExpiryS { get; set; } = 7 * 86400;

    /// <summary>Quiet gap that ends the wait for queued or retained downlinks after connecting.</summary>
    public int DownlinkQuietMs { get; set; } = 150;

    /// <summary>Longest wait for queued or retained downlinks after connecting.</summary>
    public int DownlinkWaitMs { get; set; } = 600;

    public int ChunkTimeoutMs { get; set; } = 2000;

    /// <summary>Chunk requests outstanding at once: fewer round trips of radio time.</summary>
    public int OtaWindow { get; set; } = 4;

    /// <summary>Chunk timeouts after which a wake gives up the transfer and carries it to the next wake.</summary>
    public int MaxChunkTimeoutsPerWake { get; set; } = 2;

    /// <summary>Below this state of charge a new model download is refused (reported as result 4, aborted).</summary>
    public uint OtaMinSocPm { get; set; } = 300;

    /// <summary>Below this cell voltage a new model download is refused.</summary>
    public uint OtaMinBatteryMv { get; set; } = 3600;

    public int BackoffBaseS { get; set; } = 60;
    public int BackoffMaxS { get; set; } = 3600;

    /// <summary>Jitter of each back-off delay, per mille either way (spreads a fleet's retries after an outage).</summary>
    public int BackoffJitterPm { get; set; } = 200;

    /// <summary>Energy failed connects may spend in 24 h (µJ); when it is spent the agent stays off the air until the window ends.</summary>
    public ulong RetryBudgetUjPerDay { get; set; } = 30000000;

    public static DeviceSettings DefaultSettings()
    {
        var s = new DeviceSettings();
        s.ConfigVersion = 0;
        s.WakeIntervalS = 300;
        s.TelemetryEvery = 12;
        s.ScoreThresholdPmy = 5000;
        s.Detector = 0;
        s.ModelId = "";
        s.ModelVersion = 0;
        s.ReportEmpty = false;
        return s;
    }
}
