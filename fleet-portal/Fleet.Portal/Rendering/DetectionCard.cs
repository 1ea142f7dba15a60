// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Html;

namespace Fleet.Portal;

/// <summary>
/// One detection as an HTML list item: device, detector, time, and its boxes with labels drawn as SVG over an
/// outline of the frame. The page renders the first ones and the live relay sends new ones with the same markup,
/// so both look alike and the browser's script only inserts it.
/// </summary>
public static class DetectionCard
{
    /// <summary>The list item for <paramref name="d"/> (<paramref name="deviceId"/> when the detection lacks one).</summary>
    public static IHtmlContent Render(GatewayDetection d, FrameSizes frames, string? deviceId = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(frames);
        var device = d.DeviceId ?? deviceId ?? "";
        var (w, h) = frames.For(d);
        var enc = HtmlEncoder.Default;
        var time = d.ReceivedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var summary = d.Boxes.Count == 0
            ? "no boxes"
            : string.Join(", ", d.Boxes.Select(b => $"{Label(b)} {b.Score:P0}"));
        var sb = new StringBuilder(1024);
        sb.Append("<li class=\"detection\" data-id=\"").Append(d.Id.ToString(CultureInfo.InvariantCulture))
            .Append("\" data-device=\"").Append(enc.Encode(device)).Append("\" data-kind=\"").Append(enc.Encode(d.Detector))
            .Append("\">");
        sb.Append("<svg class=\"frame\" role=\"img\" viewBox=\"0 0 ").Append(w).Append(' ').Append(h)
            .Append("\" aria-label=\"").Append(enc.Encode($"{d.Boxes.Count} box(es) in a {w}x{h} frame: {summary}"))
            .Append("\"><rect class=\"frame-outline\" x=\"0\" y=\"0\" width=\"").Append(w).Append("\" height=\"").Append(h)
            .Append("\"/>");
        var fontSize = Math.Max(2, h / 12);
        foreach (var b in d.Boxes)
        {
            sb.Append("<rect class=\"box\" x=\"").Append(b.X).Append("\" y=\"").Append(b.Y).Append("\" width=\"")
                .Append(b.Width).Append("\" height=\"").Append(b.Height).Append("\"/>");
            var labelY = b.Y >= fontSize + 1 ? b.Y - 2 : b.Y + b.Height + fontSize;
            sb.Append("<text class=\"box-label\" x=\"").Append(b.X).Append("\" y=\"").Append(labelY)
                .Append("\" font-size=\"").Append(fontSize).Append("\">")
                .Append(enc.Encode($"{Label(b)} {b.Score.ToString("0.00", CultureInfo.InvariantCulture)}"))
                .Append("</text>");
        }

        sb.Append("</svg><div class=\"detection-text\"><a href=\"/devices/").Append(Uri.EscapeDataString(device))
            .Append("\">").Append(enc.Encode(device)).Append("</a> <span class=\"kind\">").Append(enc.Encode(d.Detector))
            .Append("</span><br><time datetime=\"")
            .Append(d.ReceivedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)).Append("\">")
            .Append(time).Append(" UTC</time><br><span class=\"boxes\">").Append(enc.Encode(summary)).Append("</span>");
        if (!string.IsNullOrEmpty(d.ModelId))
        {
            sb.Append("<br><span class=\"muted\">model ").Append(enc.Encode(d.ModelId)).Append(" v")
                .Append(d.ModelVersion.ToString(CultureInfo.InvariantCulture)).Append("</span>");
        }

        sb.Append("</div></li>");
        return new HtmlString(sb.ToString());
    }

    private static string Label(GatewayDetectionBox b) => string.IsNullOrEmpty(b.Label) ? "object" : b.Label;
}
