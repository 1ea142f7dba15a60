// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>
/// <c>ingest --devices N --rate R|max --seconds S [--window W] [--json]</c>. Rate is the total over all devices;
/// <c>max</c> (saturated) lets every device keep <see cref="Window"/> QoS 1 publishes in flight.
/// </summary>
public sealed record IngestSettings(int Devices, double? Rate, int Seconds, int Window, bool Json)
{
    /// <summary>Most messages one run may publish per phase (bounds memory and time whatever the arguments).</summary>
    public const int MaxMessages = 3_000_000;

    public static IngestSettings Parse(IReadOnlyList<string> args)
    {
        int devices = 100, seconds = 10, window = 8;
        double? rate = 1_667;
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--devices": devices = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rate":
                    var value = Next();
                    rate = value is "max" or "saturated" ? null : double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--window": window = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--json": json = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (devices is < 1 or > 10_000 || seconds is < 1 or > 600 || window is < 1 or > 100 || rate is <= 0 or > 200_000)
        {
            throw new ArgumentException("Need 1-10000 devices, 1-600 s, window 1-100, rate 0-200000 msg/s or max.");
        }

        return new IngestSettings(devices, rate, seconds, window, json);
    }

    /// <summary>Messages one phase may publish at most: the rate's share of the run, or the hard cap.</summary>
    public int MessageCap => Rate is { } r ? (int)Math.Min(MaxMessages, Math.Ceiling(r * Seconds) + Devices) : MaxMessages;
}
