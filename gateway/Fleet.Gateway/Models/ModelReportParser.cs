// SPDX-License-Identifier: MIT
using System.Text.Json;
using System.Text.Unicode;

namespace Fleet.Gateway.Models;

/// <summary>
/// Reads the upload's optional <c>report</c> part: one JSON object of exactly the documented fields
/// (docs/model-toolchain.md), each within its range. Unknown fields are refused rather than ignored, so a
/// misspelt optional field (say <c>acuracy</c>) is reported instead of silently showing "not measured".
/// </summary>
public static class ModelReportParser
{
    /// <summary>Largest report accepted; the documented object is about 200 bytes.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>Upper bound on instructions per inference: 10^12 is hours of a 480 MHz core, no sensor model.</summary>
    public const long MaxInstructions = 1_000_000_000_000;

    private const int MaxText = 64;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "instructionsPerInference", "instructionsSource", "accuracy", "accuracyDataset", "accuracySamples", "tool",
    };

    /// <summary>The report, or null with <paramref name="error"/> naming the field and the rule it breaks.</summary>
    public static ModelReport? TryParse(ReadOnlySpan<byte> json, out string error)
    {
        if (json.Length > MaxBytes)
        {
            error = $"The report has {json.Length} bytes; at most {MaxBytes} are accepted.";
            return null;
        }

        // JsonDocument checks UTF-8 only when a string is read, and then throws InvalidOperationException, not
        // JsonException: a report with a broken byte in a name or text must be refused here, not answered with a 500.
        if (!Utf8.IsValid(json))
        {
            error = "The report is not valid UTF-8 text.";
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException ex)
        {
            error = $"The report is not JSON: {ex.Message}";
            return null;
        }

        using (doc)
        {
            return Read(doc.RootElement, out error);
        }
    }

    private static ModelReport? Read(JsonElement root, out string error)
    {
        error = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The report must be a JSON object.";
            return null;
        }

        foreach (var p in root.EnumerateObject())
        {
            if (!Known.Contains(p.Name))
            {
                error = $"The report has an unknown field '{Short(p.Name)}' (known: {string.Join(", ", Known)}).";
                return null;
            }
        }

        if (!root.TryGetProperty("instructionsPerInference", out var ins) || ins.ValueKind != JsonValueKind.Number
            || !ins.TryGetInt64(out var instructions) || instructions < 1 || instructions > MaxInstructions)
        {
            error = $"instructionsPerInference must be a whole number from 1 to {MaxInstructions}.";
            return null;
        }

        var source = Text(root, "instructionsSource", required: true, ref error);
        var tool = Text(root, "tool", required: true, ref error);
        var dataset = Text(root, "accuracyDataset", required: false, ref error);
        if (error.Length > 0)
        {
            return null;
        }

        double? accuracy = null;
        if (root.TryGetProperty("accuracy", out var acc) && acc.ValueKind != JsonValueKind.Null)
        {
            if (acc.ValueKind != JsonValueKind.Number || !acc.TryGetDouble(out var a) || !(a >= 0 && a <= 1))
            {
                error = "accuracy must be null or a fraction from 0 to 1 (0.9365, not 93.65).";
                return null;
            }

            accuracy = a;
        }

        int? samples = null;
        if (root.TryGetProperty("accuracySamples", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out var s) || s < 1)
            {
                error = "accuracySamples must be null or a whole number of at least 1.";
                return null;
            }

            samples = s;
        }

        // An accuracy is only meaningful with what it was measured on.
        if (accuracy is not null && (dataset is null || samples is null))
        {
            error = "accuracy needs accuracyDataset and accuracySamples.";
            return null;
        }

        if (accuracy is null && (dataset is not null || samples is not null))
        {
            error = "accuracyDataset and accuracySamples go with an accuracy; send all three or none.";
            return null;
        }

        return new ModelReport(instructions, source!, accuracy, dataset, samples, tool!);
    }

    private static string? Text(JsonElement root, string name, bool required, ref string error)
    {
        if (error.Length > 0)
        {
            return null;
        }

        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = $"{name} is required (a text of 1 to {MaxText} characters).";
            }

            return null;
        }

        var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (s is null || s.Length is < 1 or > MaxText || s.Any(char.IsControl) || s.Trim().Length != s.Length)
        {
            error = $"{name} must be a text of 1 to {MaxText} characters without control characters or outer spaces.";
            return null;
        }

        return s;
    }

    private static string Short(string name) => name.Length > 40 ? name[..40] + "…" : name;
}
