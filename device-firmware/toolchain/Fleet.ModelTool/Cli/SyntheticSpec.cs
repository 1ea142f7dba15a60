// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Thermal.Synthetic;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>--synthetic</c> text: <c>WxH[:key=value,...]</c> with keys frames, people (walking lanes = most people in
/// view at once), seed, distractors (radiator, window, joined by '+', or none). Unset keys keep
/// <see cref="SyntheticSceneOptions.ForSensor"/>'s values (seed 1).
/// </summary>
public sealed record SyntheticSpec(SyntheticSceneOptions Options, int Seed)
{
    public static SyntheticSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] head = text.Split(':', 2);
        string[] size = head[0].Split('x', 'X');
        if (size.Length != 2 || !TryInt(size[0], out int w) || !TryInt(size[1], out int h) || w < 4 || h < 4 ||
            w > 160 || h > 120)
        {
            throw Bad(text, "expected WxH with 4..160 x 4..120 first, e.g. 32x24:frames=600,people=2,seed=1");
        }

        SyntheticSceneOptions o = SyntheticSceneOptions.ForSensor(w, h);
        int seed = 1;
        string[] pairs = head.Length > 1 && head[1].Length > 0 ? head[1].Split(',') : [];
        foreach (string pair in pairs)
        {
            string[] kv = pair.Split('=', 2);
            string key = kv[0].Trim().ToLowerInvariant();
            string value = kv.Length == 2 ? kv[1].Trim() : "";
            int n = 0;
            if (key != "distractors" && !TryInt(value, out n))
            {
                throw Bad(text, $"'{pair}': expected key=integer");
            }

            switch (key)
            {
                case "frames" when n >= 1 && n <= 1_000_000:
                    o = o with { Frames = n };
                    break;
                case "people" when n >= 1 && n <= 16:
                    o = o with { Lanes = n };
                    break;
                case "seed":
                    seed = n;
                    break;
                case "distractors":
                    string[] names = value.ToLowerInvariant().Split('+', StringSplitOptions.RemoveEmptyEntries);
                    if (names.Any(d => d is not ("radiator" or "window" or "none")))
                    {
                        throw Bad(text, $"distractors '{value}': use radiator, window (joined by '+') or none");
                    }

                    o = o with { Radiator = names.Contains("radiator"), SunlitWindow = names.Contains("window") };
                    break;
                default:
                    throw Bad(text, $"'{pair}': unknown key or value out of range (frames 1..1000000, people 1..16, seed, distractors)");
            }
        }

        return new SyntheticSpec(o, seed);
    }

    private static bool TryInt(string s, out int v) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v);

    private static ModelToolException Bad(string text, string why) => new($"--synthetic '{text}': {why}");
}
