// SPDX-License-Identifier: MIT
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>
/// Simulates one device day by day: the day's activity (expected counts, or Poisson events when given a random
/// source) turned into charge per ledger state, the regulator, self-discharge, and the cell's floor for that day's
/// coldest hour (cold capacity and brown-out onset). Per-day aggregation is exact for the charge (it is a sum) and
/// checks the voltage once a day at the worst pulse, which is where a brown-out would happen first.
/// Pure; thread-safe.
/// </summary>
public static class LifeSimulator
{
    private const double UcPerUah = 3600.0;

    /// <summary>Runs one device.</summary>
    /// <param name="inputs">The device.</param>
    /// <param name="maxDays">Horizon; a device still running there has its life extrapolated from its average drain.</param>
    /// <param name="random">Random source for Poisson event days (advanced when <paramref name="useRandom"/>).</param>
    /// <param name="useRandom">True: Poisson event counts per day; false: the expected counts (the nominal device).</param>
    /// <param name="trackPoints">Record <see cref="DeviceLife.Trajectory"/> (up to ~1000 points).</param>
    public static DeviceLife Run(BatteryLifeInputs inputs, int maxDays, ref SimRandom random, bool useRandom, bool trackPoints)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDays);
        DeviceEnergyParameters e = inputs.Energy;
        LiPoCellParameters cell = inputs.Cell;
        WorkloadParameters w = inputs.Workload;
        UnitCharges units = DeviceEnergyModel.Units(e);
        double peakSag = PeakSagV(units, e, cell);
        double heartbeatsPerDay = HeartbeatsPerDay(w);
        double timerWakes = w.TimerWakesPerDay;
        double telemetry = w.TelemetryEvery > 0 ? timerWakes / w.TelemetryEvery : 0.0;
        double coincide = !w.EventWakes && telemetry > 0 ? 1.0 / w.TelemetryEvery : 0.0;
        double chunks = w.UpdateBytes > 0 ? Math.Ceiling(w.UpdateBytes / w.UpdateChunkBytes) : 0.0;
        double iqUcPerDay = e.IqUa * DeviceEnergyModel.DaySeconds;

        double[] totals = new double[LedgerStates.Names.Count];
        Span<double> day = stackalloc double[LedgerStates.Count];
        var points = new List<LifePoint>();
        double capacity = LiPoCellModel.CapacityUah(cell, 0);
        double q = cell.InitialSoc * capacity;
        double drainedUah = 0;
        double selfPerDay = LiPoCellModel.SelfDischargeUah(cell, 1.0, 1.0);
        double lastT = double.NaN, floorSoc = 0;
        bool cold = false;
        for (int d = 0; d < maxDays; d++)
        {
            double years = d / 365.25;
            double capNow = LiPoCellModel.CapacityUah(cell, years);
            q *= capNow / capacity;
            capacity = capNow;
            double soc = q / capacity;
            double tMin = inputs.Temperature.DayMinC(d);
            // The floor changes only with temperature and (when resistance grows) with age; most days repeat yesterday's.
            if (tMin != lastT || cell.RGrowthPerYear != 0)
            {
                floorSoc = LiPoCellModel.FloorSoc(cell, peakSag, tMin, years, out cold);
                lastT = tMin;
            }


            double qFloor = floorSoc * capacity;
            if (trackPoints)
            {
                double ocv = cell.Ocv.VoltsAt(soc);
                points.Add(new LifePoint(d, soc, ocv, ocv - (peakSag * LiPoCellModel.ResistanceFactor(cell, tMin, soc, years)), tMin));
            }

            if (q <= qFloor)
            {
                return Finish(d, cold ? LifeEndReason.Cold : LifeEndReason.Cutoff, totals, d, peakSag, points);
            }

            double events = useRandom ? random.NextPoisson(w.EventsPerDay) : w.EventsPerDay;
            double eventSessions = events / w.BatchMax;
            bool update = w.UpdateEveryDays > 0 && d > 0 && d % Math.Max(1, (int)Math.Round(w.UpdateEveryDays)) == 0;
            double messages = telemetry + events + heartbeatsPerDay + (update ? chunks : 0);
            var activity = new DayActivity(
                Wakes: timerWakes + (w.EventWakes ? events : 0),
                ExtraCnn: events * w.FacesPerEvent,
                Sessions: telemetry + (eventSessions * (1.0 - coincide)) + heartbeatsPerDay + (update ? 1 : 0),
                Messages: messages,
                MessageBytes: (telemetry * w.TelemetryBytes) + (events * w.DetectionBytes) + (heartbeatsPerDay * w.HeartbeatBytes)
                              + (update ? chunks * WorkloadParameters.ChunkRequestBytes : 0),
                DownloadBytes: update ? w.UpdateBytes : 0);
            day.Clear();
            DeviceEnergyModel.AddDay(units, activity, day);

            // A buck draws load power / efficiency from the cell, so its battery current grows as the cell's voltage falls.
            double k = e.Regulator == RegulatorKind.Buck ? e.VoutMv / (e.Efficiency * 1000.0 * cell.Ocv.VoltsAt(soc)) : 1.0;
            double loadUc = 0;
            for (int s = 0; s < LedgerStates.Count; s++)
            {
                day[s] *= k;
                loadUc += day[s];
            }

            // Per day, the exponential model takes a fixed share of what remains and the linear one a fixed amount.
            double selfUah = cell.SelfDischargeLinear ? LiPoCellModel.SelfDischargeUah(cell, q, 1.0) : q * selfPerDay;
            double drainUah = ((loadUc + iqUcPerDay) / UcPerUah) + selfUah;
            double fraction = 1.0;
            bool ends = q - drainUah <= qFloor;
            if (ends)
            {
                fraction = drainUah > 0 ? Math.Clamp((q - qFloor) / drainUah, 0, 1) : 1.0;
            }

            for (int s = 0; s < LedgerStates.Count; s++)
            {
                totals[s] += day[s] * fraction;
            }

            totals[LedgerStates.Regulator] += iqUcPerDay * fraction;
            totals[LedgerStates.SelfDischarge] += selfUah * UcPerUah * fraction;
            if (ends)
            {
                return Finish(d + fraction, cold ? LifeEndReason.Cold : LifeEndReason.Cutoff, totals, d + fraction, peakSag, points);
            }

            q -= drainUah;
            drainedUah += drainUah;
        }

        // Past the horizon: the rest of the usable charge at the average daily drain so far, floor at nominal temperature.
        double restFloor = LiPoCellModel.FloorSoc(cell, peakSag, inputs.Temperature.MeanC, maxDays / 365.25, out _) * capacity;
        double perDay = drainedUah / maxDays;
        double extra = perDay > 0 ? Math.Max(0, q - restFloor) / perDay : double.PositiveInfinity;
        return Finish(maxDays + extra, LifeEndReason.Horizon, totals, maxDays, peakSag, points);
    }

    /// <summary>Worst pulse sag of the device at reference conditions (25 °C, 50 % SoC, fresh cell), V.</summary>
    public static double PeakSagV(UnitCharges units, DeviceEnergyParameters e, LiPoCellParameters cell)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(cell);

        // Near the cut-off is where the sag matters, so a buck's battery current is taken at the cut-off voltage.
        double k = e.Regulator == RegulatorKind.Buck && cell.CutoffV > 0 ? e.VoutMv / (e.Efficiency * 1000.0 * cell.CutoffV) : 1.0;
        double worst = 0;
        foreach ((double ua, double us) in units.Pulses)
        {
            if (us > 0)
            {
                worst = Math.Max(worst, LiPoCellModel.SagV(cell, ((ua * k) + e.IqUa) / 1e6, us / 1e6));
            }
        }

        return worst;
    }

    /// <summary>
    /// Expected heartbeats per day: a status goes up when nothing else did for <c>heartbeat_s</c>. With other uplinks
    /// arriving at rate r in an hour, that is (3600 / heartbeat) · e^(−r·heartbeat) for the hour (Poisson gaps).
    /// </summary>
    public static double HeartbeatsPerDay(WorkloadParameters w)
    {
        ArgumentNullException.ThrowIfNull(w);
        double hb = w.Heartbeat.TotalSeconds;
        if (hb <= 0)
        {
            return 0;
        }

        double telemetryPeriod = w.TelemetryEvery > 0 && w.TimerWakesPerDay > 0 ? w.TelemetryEvery * w.WakeInterval.TotalSeconds : double.PositiveInfinity;
        if (telemetryPeriod <= hb)
        {
            return 0;
        }

        double total = 0;
        for (int h = 0; h < 24; h++)
        {
            double rate = (w.EventsPerDay * w.DailyProfile.Share(h) / w.BatchMax / 3600.0) + (1.0 / telemetryPeriod);
            total += 3600.0 / hb * Math.Exp(-rate * hb);
        }

        return total;
    }

    private static DeviceLife Finish(double life, LifeEndReason reason, double[] totals, double days, double peakSag, List<LifePoint> points)
    {
        // At most ~1000 points for a plot, the last day always kept.
        int every = Math.Max(1, (points.Count + 999) / 1000);
        LifePoint[] kept = [.. points.Where((_, i) => i % every == 0 || i == points.Count - 1)];
        return new(life, reason, totals, days, peakSag * 1000.0, kept);
    }
}
