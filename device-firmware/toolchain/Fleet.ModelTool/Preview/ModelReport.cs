// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Preview;

/// <summary>
/// A candidate model's measured figures, as <c>fleet-model preview --json</c> writes them under
/// <c>candidateReport</c> and <c>fleet-model publish --report</c> sends them to the gateway (multipart part
/// <c>report</c>): <c>{"instructionsPerInference": 7130000, "instructionsSource": "qemu-mps2-an500",
/// "accuracy": 0.9365, "accuracyDataset": "smile-2000", "accuracySamples": 2000, "tool": "fleet-model 1.x"}</c>,
/// the accuracy fields null when no dataset was given (docs/model-toolchain.md).
/// </summary>
public sealed record ModelReport(
    [property: JsonPropertyName("instructionsPerInference")] long InstructionsPerInference,
    [property: JsonPropertyName("instructionsSource")] string InstructionsSource,
    [property: JsonPropertyName("accuracy")] double? Accuracy,
    [property: JsonPropertyName("accuracyDataset")] string? AccuracyDataset,
    [property: JsonPropertyName("accuracySamples")] int? AccuracySamples,
    [property: JsonPropertyName("tool")] string Tool)
{
    /// <summary>Where the instruction count comes from: QEMU's mps2-an500 Cortex-M7 with the insncount plugin.</summary>
    public const string QemuSource = "qemu-mps2-an500";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary><c>fleet-model</c> and this assembly's version, e.g. <c>fleet-model 1.0.0</c>.</summary>
    public static string ToolName
    {
        get
        {
            Assembly a = typeof(ModelReport).Assembly;
            string v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                       ?? a.GetName().Version?.ToString(3) ?? "0";
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            return "fleet-model " + (plus >= 0 ? v[..plus] : v);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    /// <summary>Reads and checks a report file (<c>publish --report</c>): every field of the agreed shape, in range.</summary>
    /// <exception cref="ModelToolException">Missing file, not JSON, a field missing or out of range.</exception>
    public static ModelReport Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"--report {path}: cannot read it: {ex.Message}", ex);
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            JsonElement root = doc.RootElement;
            // `preview --json` output is accepted as it is: the report is its candidateReport.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("candidateReport", out JsonElement inner))
            {
                root = inner;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ModelToolException($"--report {path}: expected a JSON object");
            }

            long insns = root.TryGetProperty("instructionsPerInference", out JsonElement i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out long n) && n > 0
                ? n
                : throw new ModelToolException($"--report {path}: instructionsPerInference must be a positive integer");
            string source = Text(root, "instructionsSource", path) ?? throw new ModelToolException($"--report {path}: instructionsSource is required");
            string tool = Text(root, "tool", path) ?? throw new ModelToolException($"--report {path}: tool is required");
            double? accuracy = Nullable<double>(root, "accuracy", path, e => e.TryGetDouble(out double a) && a >= 0 && a <= 1 ? a : null, "a number in [0, 1]");
            int? samples = Nullable<int>(root, "accuracySamples", path, e => e.TryGetInt32(out int s) && s > 0 ? s : null, "a positive integer");
            string? dataset = Text(root, "accuracyDataset", path);
            if (accuracy is null != (samples is null) || (accuracy is null) != (dataset is null))
            {
                throw new ModelToolException($"--report {path}: accuracy, accuracyDataset and accuracySamples are given together or all null");
            }

            return new ModelReport(insns, source, accuracy, dataset, samples, tool);
        }
        catch (JsonException ex)
        {
            // The parser's own message is multi-clause; line and byte are what a user needs.
            throw new ModelToolException($"--report {path}: not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})", ex);
        }
    }

    private static string? Text(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString())
            ? e.GetString()
            : throw new ModelToolException($"--report {path}: {name} must be a non-empty string or null");
    }

    private static T? Nullable<T>(JsonElement root, string name, string path, Func<JsonElement, T?> read, string expected)
        where T : struct
    {
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return (e.ValueKind == JsonValueKind.Number ? read(e) : null)
               ?? throw new ModelToolException($"--report {path}: {name} must be {expected} or null, not {e.GetRawText()}");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{InstructionsPerInference} instructions ({InstructionsSource}), accuracy {Accuracy?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-"} on {AccuracyDataset ?? "-"}");
}
