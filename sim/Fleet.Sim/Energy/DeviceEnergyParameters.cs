// SPDX-License-Identifier: MIT
using Fleet.Sim.Workload;

namespace Fleet.Sim.Energy;

/// <summary>
/// The energy inputs of one device, resolved from a scenario: currents in µA and durations in µs, load side (the
/// regulated rail), except <see cref="IqUa"/> which is battery side. Detection times are per run, already chosen
/// between the profile's figure and measured instructions × CPI / clock.
/// </summary>
public sealed record DeviceEnergyParameters
{
    public double SupplyMv { get; init; }
    public double SleepUa { get; init; }
    public double WakeUs { get; init; }
    public double WakeUa { get; init; }
    public double WarmupUs { get; init; }
    public double WarmupUa { get; init; }
    public double CaptureUs { get; init; }
    public double CaptureUa { get; init; }
    public double DetectUa { get; init; }
    public double HaarPerWake { get; init; }
    public double CnnPerWake { get; init; }
    public double ThermalPerWake { get; init; }

    /// <summary>Haar per frame (frame scale applied), µs.</summary>
    public double HaarUs { get; init; }

    /// <summary>CNN per face, µs.</summary>
    public double CnnUs { get; init; }

    /// <summary>Thermal detection per frame, µs.</summary>
    public double ThermalUs { get; init; }

    public double RadioWaitUa { get; init; }
    public double RadioSleepUa { get; init; }
    public double ConnectUs { get; init; }
    public double ConnectUa { get; init; }
    public double TxFixedUs { get; init; }
    public double TxUsPerByte { get; init; }
    public double TxUa { get; init; }
    public double RxPerMessageUs { get; init; }
    public double RxPerSessionUs { get; init; }
    public double RxUa { get; init; }
    public double RxUsPerByte { get; init; }

    /// <summary>Radio charge multiplier: measured rail / supply (1 when measured on the supply).</summary>
    public double RadioScale { get; init; } = 1.0;

    public RegulatorKind Regulator { get; init; }
    public double Efficiency { get; init; } = 1.0;
    public double VoutMv { get; init; } = 3300;
    public double IqUa { get; init; }

    /// <summary>Builds the parameters from a resolved scenario.</summary>
    public static DeviceEnergyParameters FromScenario(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        bool fromInsns = s.Text("detect.timing") == "instructions";
        double usPerInsn = s.Number("cpu.cpi") / s.Number("cpu.clock_mhz");
        double scale = s.Number("detect.frame_scale");
        double measured = s.Number("radio.measured_at_mv");
        double rxPerByte = s.Number("radio.rx_us_per_byte");
        return new DeviceEnergyParameters
        {
            SupplyMv = s.Number("supply_mv"),
            SleepUa = s.Number("sleep.current_ua"),
            WakeUs = s.Number("wake.duration_us"),
            WakeUa = s.Number("wake.current_ua"),
            WarmupUs = s.Number("warmup.duration_us"),
            WarmupUa = s.Number("warmup.current_ua"),
            CaptureUs = s.Number("capture.duration_us"),
            CaptureUa = s.Number("capture.current_ua"),
            DetectUa = s.Number("detect.current_ua"),
            HaarPerWake = s.Number("detect.haar_per_wake"),
            CnnPerWake = s.Number("detect.cnn_per_wake"),
            ThermalPerWake = s.Number("detect.thermal_per_wake"),
            HaarUs = scale * (fromInsns ? s.Number("detect.haar_insns_per_qvga") * usPerInsn : s.Number("detect.haar_us_per_qvga")),
            CnnUs = fromInsns ? s.Number("detect.cnn_insns_per_face") * usPerInsn : s.Number("detect.cnn_us_per_face"),
            ThermalUs = fromInsns ? s.Number("detect.thermal_insns_per_frame") * usPerInsn : s.Number("detect.thermal_us_per_frame"),
            RadioWaitUa = s.Number("radio.wait_ua"),
            RadioSleepUa = s.Number("radio.sleep_ua"),
            ConnectUs = s.Number("radio.connect_us"),
            ConnectUa = s.Number("radio.connect_ua"),
            TxFixedUs = s.Number("radio.tx_fixed_us"),
            TxUsPerByte = s.Number("radio.tx_us_per_byte"),
            TxUa = s.Number("radio.tx_ua"),
            RxPerMessageUs = s.Number("radio.rx_per_message_us"),
            RxPerSessionUs = s.Number("radio.rx_per_session_us"),
            RxUa = s.Number("radio.rx_ua"),
            RxUsPerByte = rxPerByte < 0 ? s.Number("radio.tx_us_per_byte") : rxPerByte,
            RadioScale = measured > 0 ? measured / s.Number("supply_mv") : 1.0,
            Regulator = s.Text("regulator.kind") == "buck" ? RegulatorKind.Buck : RegulatorKind.Ldo,
            Efficiency = s.Number("regulator.efficiency"),
            VoutMv = s.Number("regulator.vout_mv"),
            IqUa = s.Number("regulator.iq_ua"),
        };
    }
}
