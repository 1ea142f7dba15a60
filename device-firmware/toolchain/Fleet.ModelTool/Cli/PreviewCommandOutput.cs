// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fleet.ModelTool.Preview;
using Fleet.Sim.Preview;

namespace Fleet.ModelTool.Cli;

/// <summary>The preview as a table or as JSON (camelCase, the candidate's report under <c>candidateReport</c>).</summary>
internal static class PreviewCommandOutput
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(TextWriter o, PreviewOutcome r, string? svg)
    {
        ModelPreviewResult e = r.Energy;
        var doc = new
        {
            candidate = Model(r.Candidate),
            current = r.Current is null ? null : Model(r.Current),
            board = e.BoardProfile,
            radio = e.RadioProfile,
            clockMhz = e.ClockMhz,
            cpi = e.Cpi,
            detectCurrentUa = e.DetectCurrentUa,
            supplyMv = e.SupplyMv,
            lifeModel = "fleet-sim battery nominal device",
            configurations = e.Configurations,
            candidateReport = r.CandidateReport,
            svg,
        };
        o.WriteLine(JsonSerializer.Serialize(doc, Json));
    }

    public static void WriteText(TextWriter o, PreviewOutcome r, string? svg)
    {
        ModelPreviewResult e = r.Energy;
        o.WriteLine($"board {e.BoardProfile}: {F(e.ClockMhz, "0")} MHz, CPI {F(e.Cpi, "0.##")} (assumption), detect {F(e.DetectCurrentUa / 1000, "0.#")} mA at {F(e.SupplyMv / 1000, "0.0#")} V");
        o.WriteLine($"radio {e.RadioProfile ?? "(each configuration's own)"}");
        o.WriteLine($"{"model",-10} {"file",-28} {"format",-9} {"insns/inference",16} {"ms",7} {"mJ",7} {"arena B",9} {"flash B",9} {"accuracy",9}");
        Row(o, "candidate", r.Candidate);
        if (r.Current is not null)
        {
            Row(o, "current", r.Current);
        }

        o.WriteLine();
        o.WriteLine($"{"configuration",-28} {"devices",7} {"CNN/day",9} {"life now (d)",13} {"candidate (d)",14} {"change",20}");
        foreach (ConfigurationPreview c in e.Configurations)
        {
            string change = $"{(c.DifferenceDays >= 0 ? "+" : "")}{F(c.DifferenceDays, "0.00")} d ({(c.DifferencePct >= 0 ? "+" : "")}{F(c.DifferencePct, "0.00")} %)";
            o.WriteLine($"{c.Name,-28} {c.Devices,7} {F(c.InferencesPerDay, "0.#"),9} {F(c.CurrentLifeDays, "0.0"),13} {F(c.CandidateLifeDays, "0.0"),14} {change,20}");
        }

        if (r.Current is null)
        {
            o.WriteLine("(no --against: 'life now' uses each configuration's own CNN instructions, detect.cnn_insns_per_face)");
        }

        o.WriteLine($"report for publish --report: {r.CandidateReport}");
        if (svg is not null)
        {
            o.WriteLine($"chart: {svg}");
        }
    }

    private static object Model(PreviewModel m) => new
    {
        file = m.File,
        label = m.Figures.Model.Label,
        format = m.Count.Format,
        instructionsPerInference = m.Count.InstructionsPerInference,
        runInstructions = m.Count.RunInstructions,
        macs = m.Count.Macs,
        arenaBytes = m.Count.ArenaBytes,
        flashBytes = m.Count.FlashBytes,
        millisecondsPerInference = m.Figures.MillisecondsPerInference,
        millijoulesPerInference = m.Figures.MillijoulesPerInference,
        accuracy = m.Accuracy,
        accuracyDataset = m.Figures.Model.AccuracyDataset,
        accuracySamples = m.AccuracySamples,
    };

    private static void Row(TextWriter o, string role, PreviewModel m)
    {
        string acc = m.Accuracy is double a ? F(a, "0.0000") : "-";
        string label = m.Figures.Model.Label.Length > 28 ? m.Figures.Model.Label[..27] + "~" : m.Figures.Model.Label;
        o.WriteLine($"{role,-10} {label,-28} {m.Count.Format,-9} {m.Count.InstructionsPerInference.ToString("N0", CultureInfo.InvariantCulture),16} " +
                    $"{F(m.Figures.MillisecondsPerInference, "0.00"),7} {F(m.Figures.MillijoulesPerInference, "0.00"),7} " +
                    $"{m.Count.ArenaBytes.ToString("N0", CultureInfo.InvariantCulture),9} {m.Count.FlashBytes.ToString("N0", CultureInfo.InvariantCulture),9} {acc,9}");
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
