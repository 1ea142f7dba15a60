// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>
/// Every input of <c>fleet-sim battery</c>. Section numbers (§) refer to /work/shared/specs/power-figures.md; keys
/// marked "profile" take their default from the board or radio power profile (device-firmware/profiles/*.json, the
/// firmware's one source of truth), so the simulator never holds a copy of those figures.
/// </summary>
public static class ScenarioParameters
{
    private const double Big = 1e12;
    private const ScenarioParameterKind N = ScenarioParameterKind.Number;

    /// <summary>All parameters in a stable order (the order of the docs and of <c>--list-keys</c>).</summary>
    public static IReadOnlyList<ScenarioParameter> All { get; } =
    [
        // Device: which profiles, which modes.
        new("board_profile", ScenarioParameterKind.Profile, "none", 0, 0, "", "Board power profile: a fleet-power-profile/1 file (path relative to the scenario file), a name in device-firmware/profiles (openmv-h7), or none (all board figures 0)", InTornado: false),
        new("radio_profile", ScenarioParameterKind.Profile, "none", 0, 0, "", "Radio power profile: file, name (wifi, ble, lora-sf7, lora-sf12, ltem-psm) or none", InTornado: false),
        new("sleep.mode", ScenarioParameterKind.Choice, "standby", 0, 0, "", "Board sleep mode between wakes (the firmware's fl_sleep_mode_t)", ["cpu", "stop", "standby"], InTornado: false),
        new("sensor", ScenarioParameterKind.Choice, "camera", 0, 0, "", "Sensor powered each wake (warm-up figures from the board profile)", ["camera", "thermal", "none"], InTornado: false),
        new("supply_mv", N, "3700", 1000, 60000, "mV", "Battery-side voltage used to turn charge into energy (profile)", InTornado: false, FromProfile: true),

        // Board states (profile).
        new("sleep.current_ua", N, "0", 0, Big, "uA", "Whole-board current asleep in sleep.mode (profile)", FromProfile: true),
        new("wake.duration_us", N, "0", 0, Big, "us", "Wake-up out of sleep.mode, before code runs (profile; Standby = a reset)", FromProfile: true),
        new("wake.current_ua", N, "0", 0, Big, "uA", "Current during the wake-up (profile)", FromProfile: true),
        new("warmup.duration_us", N, "0", 0, Big, "us", "Sensor power-up until its frame is usable (profile, sensors.<sensor>)", FromProfile: true),
        new("warmup.current_ua", N, "0", 0, Big, "uA", "Whole-board current during the warm-up (profile)", FromProfile: true),
        new("capture.duration_us", N, "0", 0, Big, "us", "One frame (profile)", FromProfile: true),
        new("capture.current_ua", N, "0", 0, Big, "uA", "Current while capturing (profile)", FromProfile: true),
        new("detect.current_ua", N, "0", 0, Big, "uA", "Current while detecting (profile)", FromProfile: true),
        new("radio.wait_ua", N, "0", 0, Big, "uA", "MCU while the radio works, added to every radio state (profile radio_wait_ua)", FromProfile: true),

        // Detection work per wake and its cost.
        new("detect.haar_per_wake", N, "0", 0, 100, "frames", "Haar scans per wake (one per captured QVGA frame)"),
        new("detect.cnn_per_wake", N, "0", 0, 100, "runs", "CNN inferences every wake whatever the frame holds (the seed's claim: 1)"),
        new("detect.thermal_per_wake", N, "0", 0, 100, "frames", "Thermal detector runs per wake"),
        new("detect.frame_scale", N, "1", 0, 100, "x QVGA", "Frame area relative to 320x240 (Haar cost scales with it)"),
        new("detect.timing", ScenarioParameterKind.Choice, "instructions", 0, 0, "", "instructions: time = measured M7 instructions x cpu.cpi / cpu.clock_mhz (docs/benchmarks-m7.md); profile: the board profile's detect.*_us figures", ["instructions", "profile"], InTornado: false),
        new("detect.haar_us_per_qvga", N, "0", 0, Big, "us", "Haar per QVGA frame when detect.timing=profile (profile)", FromProfile: true),
        new("detect.cnn_us_per_face", N, "0", 0, Big, "us", "Smile CNN per face when detect.timing=profile (profile)", FromProfile: true),
        new("detect.thermal_us_per_frame", N, "0", 0, Big, "us", "Thermal detection per frame when detect.timing=profile (profile)", FromProfile: true),
        new("detect.haar_insns_per_qvga", N, "38431444", 0, Big, "insns", "Haar per QVGA frame, mean of five photos, frontalface v3.0 15 stages (docs/benchmarks-m7.md, QEMU insn count)"),
        new("detect.cnn_insns_per_face", N, "5668234", 0, Big, "insns", "Smile CNN per face incl. preprocessing and scores, mean of nine faces (docs/benchmarks-m7.md)"),
        new("detect.thermal_insns_per_frame", N, "3383", 0, Big, "insns", "fl_thermal_process on a 4x4 Omron D6T frame (docs/benchmarks-m7.md); 69,184 for 32x24"),
        new("cpu.clock_mhz", N, "480", 1, 2000, "MHz", "Core clock: STM32H743 rev V at VOS0 (§1a)"),
        new("cpu.cpi", N, "0.93", 0.1, 10, "cycles/insn", "Cycles per executed instruction: ~1.1 instructions per cycle implied by CMSIS-NN CIFAR-10 at 10.1 img/s on a 216 MHz M7 (cmsis-nn-and-cortex-m7.md §4.4, unverified, secondary premises); no cycle measurement exists (QEMU counts instructions only)"),

        // Radio (profile).
        new("radio.sleep_ua", N, "0", 0, Big, "uA", "Radio asleep, added to the board's sleep current (profile)", FromProfile: true),
        new("radio.connect_us", N, "0", 0, Big, "us", "Per radio session: join/associate/attach (profile connect.duration_us)", FromProfile: true),
        new("radio.connect_ua", N, "0", 0, Big, "uA", "Radio current while connecting (profile)", FromProfile: true),
        new("radio.tx_fixed_us", N, "0", 0, Big, "us", "Per message (profile tx.fixed_us)", FromProfile: true),
        new("radio.tx_us_per_byte", N, "0", 0, Big, "us", "Per payload byte (profile tx.us_per_byte)", FromProfile: true),
        new("radio.tx_ua", N, "0", 0, Big, "uA", "Radio current while sending (profile)", FromProfile: true),
        new("radio.rx_per_message_us", N, "0", 0, Big, "us", "Receive after each message, e.g. LoRaWAN Class A windows (profile)", FromProfile: true),
        new("radio.rx_per_session_us", N, "0", 0, Big, "us", "Receive tail after a session, e.g. LTE RRC inactivity (profile)", FromProfile: true),
        new("radio.rx_ua", N, "0", 0, Big, "uA", "Radio current while receiving (profile)", FromProfile: true),
        new("radio.rx_us_per_byte", N, "-1", -1, Big, "us", "Per downloaded byte (model updates); -1 = radio.tx_us_per_byte (assumption: symmetric air time)"),
        new("radio.measured_at_mv", N, "0", 0, 60000, "mV", "Rail the radio currents were measured on (e.g. 5000 for a 5 V USB-powered board, §3a); charge is scaled by this / supply_mv (energy conserved); 0 = supply_mv", InTornado: false),

        // Regulator (§4c).
        new("regulator.kind", ScenarioParameterKind.Choice, "ldo", 0, 0, "", "ldo: battery current = load current + Iq; buck: battery current = load current x vout / (efficiency x battery OCV) + Iq (§4c)", ["ldo", "buck"], InTornado: false),
        new("regulator.efficiency", N, "0.9", 0.05, 1, "", "Buck-boost efficiency (TPS63900: > 80 % from 1 uA, 96 % peak, §4c)"),
        new("regulator.vout_mv", N, "3300", 500, 60000, "mV", "Regulated rail (buck only)", InTornado: false),
        new("regulator.iq_ua", N, "0", 0, Big, "uA", "Regulator quiescent current not already in the board's sleep figure (LoPy DC-DC: 10 mA PWM vs 10 uA ECO, §4c)"),

        // Battery (§4a, §4b).
        new("battery.capacity_mah", N, "1000", 0.001, Big, "mAh", "Nameplate capacity (the fleet's 1 Ah cell)"),
        new("battery.initial_soc", N, "1", 0, 1, "", "State of charge when fitted", InTornado: false),
        new("battery.cutoff_v", N, "3.6", 0, 10, "V", "Loaded voltage below which the device browns out: LDO 3.3 V + dropout, 'LDO cut-off ~3.6-3.7 V' (§6)", InTornado: false),
        new("battery.ocv", ScenarioParameterKind.Text, "0:3.27,0.05:3.61,0.1:3.69,0.2:3.73,0.3:3.77,0.4:3.80,0.5:3.84,0.6:3.87,0.7:3.95,0.8:4.02,0.9:4.11,1:4.20", 0, 0, "soc:V,...", "Open-circuit voltage vs SoC (§4a ampow chart; published curves differ by tens of mV)", InTornado: false),
        new("battery.r0_mohm", N, "40", 0, Big, "mOhm", "Ohmic resistance at 25 C, 50 % SoC: 40 % of a 100 mOhm DCIR (PyBaMM ECM_Example scaled to 1 Ah by C-rate, §4b)"),
        new("battery.r1_mohm", N, "60", 0, Big, "mOhm", "RC-branch resistance: 60 % of the DCIR (same source)"),
        new("battery.tau_s", N, "30", 0.001, Big, "s", "RC time constant R1*C1 (PyBaMM ECM_Example, §4b)"),
        new("battery.r_soc_rise", N, "0.2", 0, 10, "", "Resistance rise at 0 % and 100 % SoC, quadratic from 50 % (PyBaMM: 1.2x, §4b)"),
        new("battery.r_activation_j_mol", N, "20000", 0, 200000, "J/mol", "Arrhenius activation energy of the resistance (PyBaMM Ea = 20000, §4b)"),
        new("battery.cold_capacity_pct", N, "50", 1, 100, "%", "Capacity available at battery.cold_temp_c ('~50 % at -18/-20 C', §4b, placeholder quality); linear up to 100 % at 25 C"),
        new("battery.cold_temp_c", N, "-20", -60, 24, "C", "Temperature of battery.cold_capacity_pct", InTornado: false),
        new("battery.self_discharge_pct_month", N, "2", 0, 100, "%/month", "Self-discharge, 1-2 %/month after the first day (Battery University BU-802b, §4b)"),
        new("battery.self_discharge_model", ScenarioParameterKind.Choice, "exponential", 0, 0, "", "exponential: remaining x (1 - r)^months (§4b, zmk #3223); linear: r x capacity per month (how §6 computes it)", ["exponential", "linear"], InTornado: false),
        new("battery.fade_pct_year", N, "0", 0, 100, "%/year", "Optional ageing: capacity lost per year (off by default: no figure in §4b)"),
        new("battery.r_growth_pct_year", N, "0", 0, 1000, "%/year", "Optional ageing: resistance growth per year (off by default)"),

        // Workload.
        new("workload.wake_interval_s", N, "60", 0, Big, "s", "Timer wake interval; 0 = no timer wakes (event wakes only)"),
        new("workload.telemetry_every", N, "0", 0, Big, "wakes", "Telemetry message on every N-th timer wake; 0 = never"),
        new("workload.telemetry_bytes", N, "60", 0, 1e9, "B", "Telemetry message size"),
        new("workload.heartbeat_s", N, "0", 0, Big, "s", "Status message when nothing went up for this long; 0 = never"),
        new("workload.heartbeat_bytes", N, "40", 0, 1e9, "B", "Heartbeat (status) message size"),
        new("workload.events_per_day", N, "0", 0, 1e7, "1/day", "Mean detection events per day (Poisson)"),
        new("workload.daily_profile", ScenarioParameterKind.Text, "flat", 0, 0, "", "Share of events per hour: flat, daytime (08-20 h), or 24 comma-separated weights"),
        new("workload.event_trigger", ScenarioParameterKind.Choice, "timer", 0, 0, "", "timer: an event is seen by the next timer wake; pir: each event wakes the device (a full wake of its own)", ["timer", "pir"], InTornado: false),
        new("workload.faces_per_event", N, "1", 0, 100, "faces", "CNN runs per event (one per face)"),
        new("workload.detection_bytes", N, "100", 0, 1e9, "B", "Detection message size (~100 B, docs/firmware-loop.md)"),
        new("workload.batch_max", N, "1", 1, 8, "events", "Events per radio session (firmware queue holds 8)"),
        new("workload.update_bytes", N, "0", 0, 1e10, "B", "Model update download size; 0 = none"),
        new("workload.update_every_days", N, "0", 0, 1e6, "days", "Days between model updates; 0 = none"),
        new("workload.update_chunk_bytes", N, "1024", 1, 1e9, "B", "Bytes per downlink chunk (each chunk costs one request message)"),

        // Temperature over the year.
        new("temperature.mean_c", N, "25", -60, 85, "C", "Yearly mean ambient temperature", InTornado: false),
        new("temperature.annual_amplitude_c", N, "0", 0, 60, "C", "Half the winter-summer swing of the daily mean", InTornado: false),
        new("temperature.daily_amplitude_c", N, "0", 0, 40, "C", "Half the night-day swing", InTornado: false),
        new("temperature.coldest_day", N, "15", 0, 365, "day of year", "Coldest day (15 = mid-January, northern hemisphere)", InTornado: false),
        new("temperature.start_day", N, "0", 0, 365, "day of year", "Day of year the battery is fitted", InTornado: false),

        // Monte Carlo: per-device variation (the distributions are stated in docs/simulator.md).
        new("variation.capacity_pct", N, "5", 0, 50, "% (1 sigma)", "Cell capacity, normal; assumption (field cells deliver 65-85 % of nameplate, §4b, a spread not a sigma)", InTornado: false),
        new("variation.sleep_pct", N, "20", 0, 200, "% (log sigma)", "Sleep current, log-normal; boards of one design differ (§1b: 6.9-8.6 mA for one firmware)", InTornado: false),
        new("variation.awake_pct", N, "10", 0, 100, "% (1 sigma)", "All awake durations (wake, warm-up, capture, detect), normal; assumption", InTornado: false),
        new("variation.radio_pct", N, "25", 0, 200, "% (log sigma)", "Radio connect and session-tail times, log-normal: network timers (Nordic: real networks ~1.5x the OPP, §3d)", InTornado: false),
        new("variation.r_int_pct", N, "15", 0, 100, "% (1 sigma)", "Internal resistance, normal; assumption", InTornado: false),
        new("variation.self_discharge_pct", N, "25", 0, 100, "% (1 sigma)", "Self-discharge rate, normal (1-2 %/month range, §4b)", InTornado: false),
        new("variation.events_pct", N, "30", 0, 300, "% (log sigma)", "Per-device event rate, log-normal (sites differ); days are Poisson on top", InTornado: false),
    ];

    private static readonly Dictionary<string, ScenarioParameter> ByKey =
        All.ToDictionary(p => p.Key, StringComparer.Ordinal);

    /// <summary>The parameter with this key, or null.</summary>
    public static ScenarioParameter? Find(string key) => ByKey.GetValueOrDefault(key);
}
