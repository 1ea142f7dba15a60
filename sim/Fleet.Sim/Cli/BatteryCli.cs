// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Sim.Battery;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Cli;

/// <summary>Error handling and output of the battery verb.</summary>
internal static class BatteryCli
{
    public const int ExitBadInput = 2;
    public const int ExitInternal = 3;

    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    /// <summary>Runs the verb body: a bad scenario is one line on stderr and exit 2, anything else exit 3.</summary>
    public static int Guard(ParseResult parseResult, Func<TextWriter, TextWriter, int> body)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (ScenarioException ex)
        {
            error.WriteLine($"fleet-sim battery: error: {ex.Message}");
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One line a user or script can act on, never a stack trace.
            error.WriteLine($"fleet-sim battery: internal error: {ex.GetType().Name}: {ex.Message}");
            return ExitInternal;
        }
    }

    public static void WriteJson(TextWriter output, BatteryReport report) =>
        output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));

    public static void ListKeys(TextWriter output)
    {
        foreach (ScenarioParameter p in ScenarioParameters.All)
        {
            string range = p.Kind switch
            {
                ScenarioParameterKind.Number => $"[{F(p.Min)}, {F(p.Max)}]",
                ScenarioParameterKind.Choice => string.Join("|", p.Choices!),
                _ => p.Kind.ToString().ToLowerInvariant(),
            };
            output.WriteLine($"{p.Key,-34} {p.Unit,-12} default {(p.FromProfile ? "(profile)" : p.Default),-12} {range}");
            output.WriteLine($"    {p.Help}");
        }
    }

    public static void WriteText(TextWriter output, BatteryReport r)
    {
        output.WriteLine($"scenario {r.Scenario}: {r.Title}");
        output.WriteLine($"  board {r.BoardProfile}");
        output.WriteLine($"  radio {r.RadioProfile}");
        output.WriteLine($"life (nominal device): {F(r.LifeDays, "0.0")} days ({F(r.LifeYears, "0.00")} years), ends by {r.EndReason}; " +
                         $"average current {F(r.AverageCurrentUa, "0.0")} uA");
        output.WriteLine($"Monte Carlo, {r.Devices} devices, horizon {F(r.Years)} years, seed {r.Seed}: P10 {F(r.P10Days, "0.0")}  " +
                         $"P50 {F(r.P50Days, "0.0")}  P90 {F(r.P90Days, "0.0")} days; {F(r.HorizonFraction * 100, "0.#")} % past the horizon " +
                         $"(extrapolated), {F(r.ColdFraction * 100, "0.#")} % stopped by the cold");
        output.WriteLine($"one wake {F(r.WakeEnergyMj, "0.###")} mJ; one radio session with a telemetry message {F(r.RadioSessionMc, "0.###")} mC; " +
                         $"worst pulse sag {F(r.PeakSagMv, "0.#")} mV; self-discharge {F(r.SelfDischargeUa, "0.#")} uA at full charge");
        output.WriteLine("charge by state over the nominal life:");
        foreach (StateShare s in r.EnergyByState.Where(s => s.ChargeMah > 0))
        {
            output.WriteLine($"  {s.State,-15} {F(s.ChargeMah, "0.0"),10} mAh {F(s.EnergyJ, "0.0"),10} J {F(s.SharePct, "0.0"),6} %");
        }

        if (r.Sensitivity.Count > 0)
        {
            output.WriteLine($"sensitivity (life in days with the input -{F(r.SensitivityPct)} % / +{F(r.SensitivityPct)} %), largest first:");
            foreach (SensitivityRow row in r.Sensitivity.Take(10))
            {
                output.WriteLine($"  {row.Key,-34} {F(row.LowLifeDays, "0.0"),10} {F(row.HighLifeDays, "0.0"),10}   swing {F(row.SwingDays, "0.0")}");
            }
        }

        output.WriteLine($"elapsed {F(r.ElapsedS, "0.00")} s (Monte Carlo {F(r.MonteCarloS, "0.00")} s)");
    }

    private static string F(double v, string format = "0.####") => v.ToString(format, CultureInfo.InvariantCulture);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
