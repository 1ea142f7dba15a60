// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;
using Microsoft.Extensions.Configuration;

namespace Fleet.Portal;

/// <summary>
/// The frame size to draw a detection's boxes over. The protocol carries boxes but not the frame size, so the
/// portal assumes one per detector (<c>Portal:FrameSizes:{detector}</c> = <c>WIDTHxHEIGHT</c>; defaults: the
/// cameras' QQVGA 160x120, the thermal sensor's 32x24) and widens it to enclose any box that reaches past it.
/// </summary>
public sealed class FrameSizes
{
    private readonly Dictionary<string, (int W, int H)> _sizes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["face"] = (160, 120),
        ["smile"] = (160, 120),
        ["classifier"] = (160, 120),
        ["thermalPerson"] = (32, 24),
    };

    public FrameSizes(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var entry in configuration.GetSection("Portal:FrameSizes").GetChildren())
        {
            var parts = entry.Value?.Split('x', 'X');
            if (parts is not { Length: 2 }
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                || w < 1 || h < 1 || w > 10_000 || h > 10_000)
            {
                throw new InvalidOperationException(
                    $"Portal:FrameSizes:{entry.Key} = '{entry.Value}' is not WIDTHxHEIGHT (e.g. 160x120).");
            }

            _sizes[entry.Key] = (w, h);
        }
    }

    /// <summary>The frame for <paramref name="detection"/>: the detector's size, widened to hold every box.</summary>
    public (int Width, int Height) For(GatewayDetection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var (w, h) = _sizes.GetValueOrDefault(detection.Detector, (160, 120));
        foreach (var b in detection.Boxes)
        {
            w = Math.Max(w, b.X + b.Width);
            h = Math.Max(h, b.Y + b.Height);
        }

        return (w, h);
    }
}
