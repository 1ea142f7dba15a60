// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Sim.Battery;
using Fleet.Sim.Energy;

namespace Fleet.Sim.Workload;

/// <summary>
/// Builds a <see cref="Scenario"/> from a scenario file (<c>fleet-sim-scenario/1</c>) and <c>--set key=value</c>
/// overrides. Every key must be known and every value valid: an unknown key or a bad value is a
/// <see cref="ScenarioException"/> naming the file or option, never ignored.
/// </summary>
/// <remarks>
/// Scenario file: <c>format</c>, <c>name</c>, <c>title</c>, optional <c>notes</c>, then nested objects whose dotted
/// leaf paths are the keys of <see cref="ScenarioParameters.All"/>. A leaf is a value or
/// <c>{"value": …, "source": "…"}</c> so each figure can carry its source.
/// </remarks>
public static partial class ScenarioLoader
{
    public const string Format = "fleet-sim-scenario/1";

    private static readonly HashSet<string> Metadata = ["format", "name", "title", "notes"];

    /// <summary>Loads <paramref name="path"/> and applies <paramref name="sets"/> (each <c>key=value</c>) on top.</summary>
    /// <exception cref="ScenarioException">Anything wrong in the file, a profile or an override.</exception>
    public static Scenario Load(string path, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sets);
        string full = System.IO.Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: cannot read the scenario: {ex.Message}", ex);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ScenarioException($"{path}: not valid JSON: {ex.Message}", ex);
        }

        var raw = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        string name, title;
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException($"{path}: the scenario must be a JSON object");
            }

            string format = root.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";
            if (format != Format)
            {
                throw new ScenarioException($"{path}: format '{format}', expected '{Format}'");
            }

            name = root.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : System.IO.Path.GetFileNameWithoutExtension(path);
            title = root.TryGetProperty("title", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (!Metadata.Contains(p.Name))
                {
                    Flatten(p.Value, p.Name, raw, path, System.IO.Path.GetDirectoryName(full)!);
                }
            }
        }

        string cwd = Directory.GetCurrentDirectory();
        foreach (string s in sets)
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ScenarioException($"--set '{s}': expected key=value");
            }

            string key = s[..eq].Trim();
            Known(key, $"--set {s}");
            raw[key] = new RawValue(s[(eq + 1)..].Trim(), IsJsonNumber: false, $"--set {s}", cwd);
        }

        return Resolve(name, title, full, raw, System.IO.Path.GetDirectoryName(full)!);
    }

    /// <summary>Builds a scenario from key/value text pairs alone (no file; profile paths relative to
    /// <paramref name="baseDirectory"/>).</summary>
    public static Scenario FromValues(string name, IReadOnlyDictionary<string, string> values, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(values);
        var raw = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach ((string key, string value) in values)
        {
            Known(key, name);
            raw[key] = new RawValue(value, IsJsonNumber: false, name, baseDirectory);
        }

        return Resolve(name, "", null, raw, baseDirectory);
    }

    private static Scenario Resolve(string name, string title, string? path, Dictionary<string, RawValue> raw, string scenarioDirectory)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ScenarioParameter p in ScenarioParameters.All)
        {
            if (p.Kind == ScenarioParameterKind.Number)
            {
                numbers[p.Key] = double.Parse(p.Default, CultureInfo.InvariantCulture);
            }
            else
            {
                texts[p.Key] = p.Default;
            }
        }

        // Modes and profiles first: they decide which profile figures fill the profile-derived keys.
        foreach (string key in new[] { "sleep.mode", "sensor" })
        {
            if (raw.TryGetValue(key, out RawValue r))
            {
                texts[key] = ParseChoice(ScenarioParameters.Find(key)!, r);
            }
        }

        PowerProfile? board = raw.TryGetValue("board_profile", out RawValue b) ? LoadProfile(b, "board", scenarioDirectory) : null;
        PowerProfile? radio = raw.TryGetValue("radio_profile", out RawValue rr) ? LoadProfile(rr, "radio", scenarioDirectory) : null;
        texts["board_profile"] = board?.Path ?? "none";
        texts["radio_profile"] = radio?.Path ?? "none";
        if (board is not null)
        {
            FillBoard(board, texts["sleep.mode"], texts["sensor"], numbers);
        }

        if (radio is not null)
        {
            FillRadio(radio, numbers);
        }

        foreach ((string key, RawValue r) in raw)
        {
            ScenarioParameter p = ScenarioParameters.Find(key)!;
            switch (p.Kind)
            {
                case ScenarioParameterKind.Number:
                    numbers[key] = ParseNumber(p, r);
                    break;
                case ScenarioParameterKind.Choice:
                    texts[key] = ParseChoice(p, r);
                    break;
                case ScenarioParameterKind.Text:
                    texts[key] = CheckText(p, r);
                    break;
                default:
                    break;
            }
        }

        CheckConsistent(numbers, texts, path ?? name);
        return new Scenario(name, title, path, board, radio, numbers, texts);
    }

    // Combinations no single key's range can catch, refused rather than silently simulated as something else.
    private static void CheckConsistent(Dictionary<string, double> n, Dictionary<string, string> t, string origin)
    {
        bool timer = n["workload.wake_interval_s"] > 0;
        if (!timer && n["workload.events_per_day"] > 0 && t["workload.event_trigger"] == "timer")
        {
            throw new ScenarioException($"{origin}: events_per_day > 0 with no timer wakes (wake_interval_s = 0) needs workload.event_trigger=pir");
        }

        if (!timer && n["workload.telemetry_every"] > 0)
        {
            throw new ScenarioException($"{origin}: telemetry_every counts timer wakes, but wake_interval_s = 0");
        }

        double full = LiPoOcvCurve.Parse(t["battery.ocv"]).FullVolts;
        if (n["battery.cutoff_v"] > full)
        {
            throw new ScenarioException($"{origin}: battery.cutoff_v {n["battery.cutoff_v"].ToString(CultureInfo.InvariantCulture)} V is above the full cell's " +
                                        $"{full.ToString(CultureInfo.InvariantCulture)} V: the device could never run");
        }
    }

    private static void FillBoard(PowerProfile board, string sleepMode, string sensor, Dictionary<string, double> n)
    {
        n["supply_mv"] = board.Get("supply_mv");
        n["sleep.current_ua"] = board.Get($"sleep.{sleepMode}.current_ua");
        n["wake.duration_us"] = board.Get($"wake.{sleepMode}.duration_us");
        n["wake.current_ua"] = board.Get($"wake.{sleepMode}.current_ua");
        if (sensor != "none")
        {
            n["warmup.duration_us"] = board.Get($"sensors.{sensor}.warmup_us");
            n["warmup.current_ua"] = board.Get($"sensors.{sensor}.warmup_ua");
            n["capture.duration_us"] = board.Get("capture.duration_us");
            n["capture.current_ua"] = board.Get("capture.current_ua");
        }

        n["detect.current_ua"] = board.Get("detect.current_ua");
        n["detect.haar_us_per_qvga"] = board.Get("detect.haar_us_per_qvga");
        n["detect.cnn_us_per_face"] = board.Get("detect.cnn_us_per_face");
        n["detect.thermal_us_per_frame"] = board.Get("detect.thermal_us_per_frame");
        n["radio.wait_ua"] = board.Get("radio_wait_ua");
    }

    private static void FillRadio(PowerProfile radio, Dictionary<string, double> n)
    {
        n["radio.sleep_ua"] = radio.Get("sleep_ua");
        n["radio.connect_us"] = radio.Get("connect.duration_us");
        n["radio.connect_ua"] = radio.Get("connect.current_ua");
        n["radio.tx_fixed_us"] = radio.Get("tx.fixed_us");
        n["radio.tx_us_per_byte"] = radio.Get("tx.us_per_byte");
        n["radio.tx_ua"] = radio.Get("tx.current_ua");
        n["radio.rx_per_message_us"] = radio.Get("rx.per_message_us");
        n["radio.rx_per_session_us"] = radio.Get("rx.per_session_us");
        n["radio.rx_ua"] = radio.Get("rx.current_ua");
    }

    private static PowerProfile? LoadProfile(RawValue r, string kind, string scenarioDirectory)
    {
        string v = r.Text;
        if (r.IsJsonNumber || v.Length == 0)
        {
            throw new ScenarioException($"{r.Origin}: {kind}_profile must be a file, a profile name or none");
        }

        if (v == "none")
        {
            return null;
        }

        string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(r.BaseDirectory, v));
        if (File.Exists(candidate))
        {
            return PowerProfileReader.Read(candidate, kind);
        }

        if (ProfileName().IsMatch(v))
        {
            foreach (string dir in ProfileDirectories(r.BaseDirectory, scenarioDirectory))
            {
                foreach (string file in new[] { $"{v}.json", $"{kind}-{v}.json" })
                {
                    string p = System.IO.Path.Combine(dir, file);
                    if (File.Exists(p))
                    {
                        return PowerProfileReader.Read(p, kind);
                    }
                }
            }
        }

        throw new ScenarioException($"{r.Origin}: {kind} profile '{v}' not found (a file relative to {r.BaseDirectory}, " +
                                    "a name in device-firmware/profiles, or none)");
    }

    // A profile name is looked up in the device-firmware/profiles folder above the value's origin (the scenario file,
    // or the working directory for --set), above the scenario file, and above the program.
    private static IEnumerable<string> ProfileDirectories(string start, string scenarioDirectory)
    {
        foreach (string origin in new[] { start, scenarioDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(origin); d is not null; d = d.Parent)
            {
                string p = System.IO.Path.Combine(d.FullName, "device-firmware", "profiles");
                if (Directory.Exists(p))
                {
                    yield return p;
                    break;
                }
            }
        }
    }

    private static double ParseNumber(ScenarioParameter p, RawValue r)
    {
        if (!double.TryParse(r.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new ScenarioException($"{r.Origin}: {p.Key} = '{r.Text}' is not a number ({p.Unit}; {p.Help})");
        }

        if (v < p.Min || v > p.Max)
        {
            throw new ScenarioException(
                $"{r.Origin}: {p.Key} = {r.Text} is outside [{p.Min.ToString(CultureInfo.InvariantCulture)}, {p.Max.ToString(CultureInfo.InvariantCulture)}] {p.Unit}");
        }

        return v;
    }

    private static string ParseChoice(ScenarioParameter p, RawValue r)
    {
        if (r.IsJsonNumber || !p.Choices!.Contains(r.Text))
        {
            throw new ScenarioException($"{r.Origin}: {p.Key} = '{r.Text}': expected one of {string.Join(", ", p.Choices!)}");
        }

        return r.Text;
    }

    private static string CheckText(ScenarioParameter p, RawValue r)
    {
        try
        {
            _ = p.Key switch
            {
                "battery.ocv" => (object)LiPoOcvCurve.Parse(r.Text),
                "workload.daily_profile" => DailyEventProfile.Parse(r.Text),
                _ => r.Text,
            };
        }
        catch (FormatException ex)
        {
            throw new ScenarioException($"{r.Origin}: {p.Key}: {ex.Message}", ex);
        }

        return r.Text;
    }

    private static void Known(string key, string origin)
    {
        if (ScenarioParameters.Find(key) is null)
        {
            string[] near = [.. ScenarioParameters.All.Select(p => p.Key)
                .Where(k => k.Contains(key.Split('.')[^1], StringComparison.Ordinal) || key.Contains(k.Split('.')[^1], StringComparison.Ordinal))
                .Take(5)];
            throw new ScenarioException($"{origin}: unknown key '{key}'" +
                                        (near.Length > 0 ? $" (did you mean {string.Join(", ", near)}?)" : "") +
                                        "; `fleet-sim battery --list-keys` lists them");
        }
    }

    private static void Flatten(JsonElement e, string key, Dictionary<string, RawValue> raw, string path, string baseDir)
    {
        ScenarioParameter? p = ScenarioParameters.Find(key);
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("value", out JsonElement v))
            {
                foreach (JsonProperty q in e.EnumerateObject())
                {
                    if (q.Name is not ("value" or "source" or "unit"))
                    {
                        throw new ScenarioException($"{path}: '{key}' has an unexpected property '{q.Name}' next to value");
                    }
                }

                Flatten(v, key, raw, path, baseDir);
                return;
            }

            if (p is not null)
            {
                throw new ScenarioException($"{path}: '{key}' must be a value, not an object");
            }

            foreach (JsonProperty q in e.EnumerateObject())
            {
                Flatten(q.Value, key + "." + q.Name, raw, path, baseDir);
            }

            return;
        }

        Known(key, path);
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                if (p!.Kind != ScenarioParameterKind.Number)
                {
                    throw new ScenarioException($"{path}: {key} must be text, not a number");
                }

                raw[key] = new RawValue(e.GetRawText(), IsJsonNumber: true, path, baseDir);
                break;
            case JsonValueKind.String:
                if (p!.Kind == ScenarioParameterKind.Number)
                {
                    throw new ScenarioException($"{path}: {key} must be a JSON number, not text ('{e.GetString()}')");
                }

                raw[key] = new RawValue(e.GetString()!, IsJsonNumber: false, path, baseDir);
                break;
            default:
                throw new ScenarioException($"{path}: {key} must be a number or text, not {e.ValueKind}");
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,31}$")]
    private static partial Regex ProfileName();

    private readonly record struct RawValue(string Text, bool IsJsonNumber, string Origin, string BaseDirectory);
}
