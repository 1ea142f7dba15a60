// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Energy;

/// <summary>
/// Reads the firmware's power profiles (the one source of truth for currents and timings; the firmware compiles the
/// same files in). Checks what the simulator relies on: the format tag, the kind, and that every figure is
/// <c>{"value": non-negative number, "unit": text, "source": non-empty text}</c>.
/// </summary>
public static class PowerProfileReader
{
    public const string Format = "fleet-power-profile/1";

    /// <summary>Reads one profile file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="expectedKind"><c>board</c> or <c>radio</c>.</param>
    /// <exception cref="ScenarioException">Missing file, bad JSON, wrong format or kind, or a malformed figure.</exception>
    public static PowerProfile Read(string path, string expectedKind)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: cannot read the {expectedKind} profile: {ex.Message}", ex);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ScenarioException($"{path}: not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            string format = StringProperty(root, "format", path);
            if (format != Format)
            {
                throw new ScenarioException($"{path}: format '{format}', expected '{Format}'");
            }

            string kind = StringProperty(root, "kind", path);
            if (kind != expectedKind)
            {
                throw new ScenarioException($"{path}: a '{kind}' profile where a '{expectedKind}' profile is needed");
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name is "format" or "kind" or "name" or "title")
                {
                    continue;
                }

                Collect(p.Value, p.Name, values, path);
            }

            return new PowerProfile(kind, StringProperty(root, "name", path), StringProperty(root, "title", path), path, values);
        }
    }

    private static void Collect(JsonElement e, string key, Dictionary<string, double> values, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException($"{path}: '{key}' must be an object");
        }

        if (e.TryGetProperty("value", out JsonElement v))
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d) || d < 0)
            {
                throw new ScenarioException($"{path}: '{key}.value' must be a non-negative number");
            }

            if (!e.TryGetProperty("source", out JsonElement s) || s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()))
            {
                throw new ScenarioException($"{path}: '{key}' has no source");
            }

            values[key] = d;
            return;
        }

        foreach (JsonProperty p in e.EnumerateObject())
        {
            Collect(p.Value, key + "." + p.Name, values, path);
        }
    }

    private static string StringProperty(JsonElement root, string name, string path) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new ScenarioException($"{path}: missing text property '{name}'");
}
