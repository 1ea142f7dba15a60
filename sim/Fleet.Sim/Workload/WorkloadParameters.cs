// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>What the device is asked to do: timer wakes, events (Poisson with a daily profile), telemetry and
/// heartbeat schedule, model updates. Built from a scenario by <see cref="FromScenario"/>; immutable.</summary>
public sealed record WorkloadParameters
{
    /// <summary>Timer wake interval; <see cref="TimeSpan.Zero"/> = event wakes only.</summary>
    public TimeSpan WakeInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Telemetry on every N-th timer wake; 0 = never.</summary>
    public double TelemetryEvery { get; init; }

    public double TelemetryBytes { get; init; } = 60;

    /// <summary>Heartbeat after this long without any uplink; <see cref="TimeSpan.Zero"/> = never.</summary>
    public TimeSpan Heartbeat { get; init; }

    public double HeartbeatBytes { get; init; } = 40;

    /// <summary>Mean events per day.</summary>
    public double EventsPerDay { get; init; }

    public DailyEventProfile DailyProfile { get; init; } = DailyEventProfile.Parse("flat");

    /// <summary>True: each event wakes the device (PIR); false: the next timer wake sees it.</summary>
    public bool EventWakes { get; init; }

    public double FacesPerEvent { get; init; } = 1;
    public double DetectionBytes { get; init; } = 100;
    public double BatchMax { get; init; } = 1;
    public double UpdateBytes { get; init; }

    /// <summary>Days between model updates; 0 = none.</summary>
    public double UpdateEveryDays { get; init; }

    public double UpdateChunkBytes { get; init; } = 1024;

    /// <summary>Bytes of the request a device sends per downlink chunk.</summary>
    public const double ChunkRequestBytes = 16;

    /// <summary>Timer wakes per day.</summary>
    public double TimerWakesPerDay => WakeInterval > TimeSpan.Zero ? 86_400.0 / WakeInterval.TotalSeconds : 0.0;

    /// <summary>Builds the workload from a resolved scenario.</summary>
    public static WorkloadParameters FromScenario(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new WorkloadParameters
        {
            WakeInterval = TimeSpan.FromSeconds(s.Number("workload.wake_interval_s")),
            TelemetryEvery = s.Number("workload.telemetry_every"),
            TelemetryBytes = s.Number("workload.telemetry_bytes"),
            Heartbeat = TimeSpan.FromSeconds(s.Number("workload.heartbeat_s")),
            HeartbeatBytes = s.Number("workload.heartbeat_bytes"),
            EventsPerDay = s.Number("workload.events_per_day"),
            DailyProfile = DailyEventProfile.Parse(s.Text("workload.daily_profile")),
            EventWakes = s.Text("workload.event_trigger") == "pir",
            FacesPerEvent = s.Number("workload.faces_per_event"),
            DetectionBytes = s.Number("workload.detection_bytes"),
            BatchMax = s.Number("workload.batch_max"),
            UpdateBytes = s.Number("workload.update_bytes"),
            UpdateEveryDays = s.Number("workload.update_every_days"),
            UpdateChunkBytes = s.Number("workload.update_chunk_bytes"),
        };
    }
}
