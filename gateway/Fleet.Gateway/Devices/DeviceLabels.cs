// SPDX-License-Identifier: MIT
using System.Text.RegularExpressions;

namespace Fleet.Gateway.Devices;

/// <summary>
/// The rules for device labels (docs/gateway-api.md): 0 to <see cref="MaxPerDevice"/> per device, each matching
/// <see cref="Pattern"/>. Lower case only, so a label is compared byte for byte everywhere (SQL, the portal's links)
/// and <c>Site:North</c> can never be a second spelling of <c>site:north</c>.
/// </summary>
public static partial class DeviceLabels
{
    /// <summary>Most labels one device carries.</summary>
    public const int MaxPerDevice = 16;

    /// <summary>Longest label, characters.</summary>
    public const int MaxLength = 48;

    /// <summary>The label syntax, for messages and documentation.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9._:-]{0,47}";

    /// <summary>The rule in words, for 400 answers.</summary>
    public const string Rule = "A label is 1-48 characters of [a-z0-9._:-] (lower case), starting with a letter or digit.";

    /// <summary>True when <paramref name="label"/> is a valid label; null is not.</summary>
    public static bool IsValid(string? label) => label is not null && LabelRegex().IsMatch(label);

    /// <summary>
    /// Checks a whole set: every label valid and at most <see cref="MaxPerDevice"/> distinct ones. Returns the
    /// distinct labels sorted (ordinal), or null with <paramref name="error"/> naming the first offending label.
    /// </summary>
    public static List<string>? Normalize(IReadOnlyList<string?> labels, out string? error)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var label in labels)
        {
            if (!IsValid(label))
            {
                error = label is null ? $"null is not a label. {Rule}" : $"'{label}' is not a valid label. {Rule}";
                return null;
            }
        }

        var distinct = labels.Select(l => l!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count > MaxPerDevice)
        {
            error = $"At most {MaxPerDevice} labels per device ({distinct.Count} given).";
            return null;
        }

        error = null;
        return distinct;
    }

    // \z, not $: $ would also match before a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._:\-]{0,47}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();
}
