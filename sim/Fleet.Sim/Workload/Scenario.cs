// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Sim.Energy;

namespace Fleet.Sim.Workload;

/// <summary>
/// A resolved scenario: every key of <see cref="ScenarioParameters.All"/> with its value (defaults, then the board and
/// radio profiles, then the scenario file, then <c>--set</c>), plus the profiles it was built from. Immutable;
/// <see cref="WithNumber"/> returns a changed copy (the sensitivity analysis uses it).
/// </summary>
public sealed class Scenario
{
    private readonly Dictionary<string, double> _numbers;
    private readonly Dictionary<string, string> _texts;

    internal Scenario(string name, string title, string? path, PowerProfile? board, PowerProfile? radio,
        Dictionary<string, double> numbers, Dictionary<string, string> texts)
    {
        Name = name;
        Title = title;
        Path = path;
        Board = board;
        Radio = radio;
        _numbers = numbers;
        _texts = texts;
    }

    /// <summary>Scenario name (the file's <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>One-line description.</summary>
    public string Title { get; }

    /// <summary>The scenario file, or null when built in code.</summary>
    public string? Path { get; }

    /// <summary>Board profile, or null for <c>none</c>.</summary>
    public PowerProfile? Board { get; }

    /// <summary>Radio profile, or null for <c>none</c>.</summary>
    public PowerProfile? Radio { get; }

    /// <summary>A number parameter's value.</summary>
    /// <exception cref="KeyNotFoundException">Not a number key.</exception>
    public double Number(string key) => _numbers[key];

    /// <summary>A choice, text or profile parameter's value.</summary>
    public string Text(string key) => _texts[key];

    /// <summary>Every value as invariant text, in registry order (the report's echo of its inputs).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values() =>
        [.. ScenarioParameters.All.Select(p => new KeyValuePair<string, string>(p.Key,
            p.Kind == ScenarioParameterKind.Number ? _numbers[p.Key].ToString("R", CultureInfo.InvariantCulture) : _texts[p.Key]))];

    /// <summary>A copy with one number changed (clamped to the parameter's range).</summary>
    public Scenario WithNumber(string key, double value)
    {
        ScenarioParameter p = ScenarioParameters.Find(key) ?? throw new ArgumentException($"unknown key {key}", nameof(key));
        if (p.Kind != ScenarioParameterKind.Number)
        {
            throw new ArgumentException($"{key} is not a number", nameof(key));
        }

        var numbers = new Dictionary<string, double>(_numbers, StringComparer.Ordinal) { [key] = Math.Clamp(value, p.Min, p.Max) };
        return new Scenario(Name, Title, Path, Board, Radio, numbers, _texts);
    }
}
