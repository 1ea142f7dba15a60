// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>
/// Charge of each state of the firmware's wake (docs/firmware-loop.md "The energy ledger"): current × time per state,
/// the radio states adding the board's <c>radio_wait_ua</c>, the radio's own currents scaled by
/// <see cref="DeviceEnergyParameters.RadioScale"/>. Pure functions; thread-safe.
/// </summary>
public static class DeviceEnergyModel
{
    /// <summary>Seconds in a day.</summary>
    public const double DaySeconds = 86_400.0;

    /// <summary>Unit charges of a device (µA × µs = pC, so every product is divided by 10^6 to get µC).</summary>
    public static UnitCharges Units(DeviceEnergyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double detectUs = (p.HaarPerWake * p.HaarUs) + (p.CnnPerWake * p.CnnUs) + (p.ThermalPerWake * p.ThermalUs);
        double[] wake = new double[LedgerStates.Count];
        wake[(int)LedgerState.Wake] = Uc(p.WakeUa, p.WakeUs);
        wake[(int)LedgerState.Warmup] = Uc(p.WarmupUa, p.WarmupUs);
        wake[(int)LedgerState.Capture] = Uc(p.CaptureUa, p.CaptureUs);
        wake[(int)LedgerState.Detect] = Uc(p.DetectUa, detectUs);
        double connectUa = (p.ConnectUa * p.RadioScale) + p.RadioWaitUa;
        double txUa = (p.TxUa * p.RadioScale) + p.RadioWaitUa;
        double rxUa = (p.RxUa * p.RadioScale) + p.RadioWaitUa;
        return new UnitCharges
        {
            WakeUc = wake,
            WakeUs = p.WakeUs + p.WarmupUs + p.CaptureUs + detectUs,
            CnnUc = Uc(p.DetectUa, p.CnnUs),
            CnnUs = p.CnnUs,
            SessionConnectUc = Uc(connectUa, p.ConnectUs),
            SessionRxUc = Uc(rxUa, p.RxPerSessionUs),
            SessionUs = p.ConnectUs + p.RxPerSessionUs,
            MessageTxUc = Uc(txUa, p.TxFixedUs),
            MessageRxUc = Uc(rxUa, p.RxPerMessageUs),
            MessageUs = p.TxFixedUs + p.RxPerMessageUs,
            ByteTxUc = Uc(txUa, p.TxUsPerByte),
            ByteUs = p.TxUsPerByte,
            DownloadByteUc = Uc(rxUa, p.RxUsPerByte),
            DownloadByteUs = p.RxUsPerByte,
            SleepUa = p.SleepUa + (p.RadioSleepUa * p.RadioScale),
            Pulses =
            [
                (p.WakeUa, p.WakeUs), (p.WarmupUa, p.WarmupUs), (p.CaptureUa, p.CaptureUs), (p.DetectUa, Math.Max(detectUs, p.CnnUs)),
                (connectUa, p.ConnectUs), (txUa, p.TxFixedUs + (p.TxUsPerByte * 100)), (rxUa, Math.Max(p.RxPerMessageUs, p.RxPerSessionUs)),
            ],
        };
    }

    /// <summary>
    /// Adds one day's load-side charge per ledger state (µC) to <paramref name="ledgerUc"/> (length ≥ 8) and returns
    /// the seconds spent awake. Sleep fills the rest of the day.
    /// </summary>
    public static double AddDay(UnitCharges u, in DayActivity a, Span<double> ledgerUc)
    {
        ArgumentNullException.ThrowIfNull(u);
        for (int s = 1; s < LedgerStates.Count; s++)
        {
            ledgerUc[s] += a.Wakes * u.WakeUc[s];
        }

        ledgerUc[(int)LedgerState.Detect] += a.ExtraCnn * u.CnnUc;
        ledgerUc[(int)LedgerState.Connect] += a.Sessions * u.SessionConnectUc;
        ledgerUc[(int)LedgerState.Rx] += (a.Sessions * u.SessionRxUc) + (a.Messages * u.MessageRxUc) + (a.DownloadBytes * u.DownloadByteUc);
        ledgerUc[(int)LedgerState.Tx] += (a.Messages * u.MessageTxUc) + (a.MessageBytes * u.ByteTxUc);
        double awakeS = ((a.Wakes * u.WakeUs) + (a.ExtraCnn * u.CnnUs) + (a.Sessions * u.SessionUs) + (a.Messages * u.MessageUs)
                         + (a.MessageBytes * u.ByteUs) + (a.DownloadBytes * u.DownloadByteUs)) / 1e6;
        double sleepS = Math.Max(0.0, DaySeconds - awakeS);
        ledgerUc[(int)LedgerState.Sleep] += u.SleepUa * sleepS;
        return awakeS;
    }

    /// <summary>Energy in mJ of <paramref name="chargeUc"/> µC at the supply voltage.</summary>
    public static double EnergyMj(double chargeUc, double supplyMv) => chargeUc * supplyMv / 1e6;

    private static double Uc(double ua, double us) => ua * us / 1e6;
}
