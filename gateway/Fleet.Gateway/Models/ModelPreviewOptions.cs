// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>
/// The power profiles the model preview prices inferences and battery life on (<c>Models:Preview</c>). The
/// defaults are the demo's (<c>Demo:Energy</c>): the openmv-h7 board with the Wi-Fi radio.
/// </summary>
public sealed class ModelPreviewOptions
{
    /// <summary>Board profile: a name (<c>profiles/&lt;name&gt;.json</c> beside the gateway) or a file path.</summary>
    public string BoardProfile { get; set; } = "openmv-h7";

    /// <summary>Radio profile: a name (<c>profiles/radio-&lt;name&gt;.json</c>) or a file path.</summary>
    public string RadioProfile { get; set; } = "wifi";

    /// <summary>
    /// Rail the radio currents were measured on, mV (0 = the supply). <value>Default 5,000</value>, as
    /// <c>Demo:Energy:RadioMeasuredAtMv</c>: the Wi-Fi figures were measured on a 5 V USB supply.
    /// </summary>
    public double RadioMeasuredAtMv { get; set; } = 5000;
}
