// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Synthetic;

/// <summary>
/// A synthetic ceiling-view room. Temperatures in centi-°C. Defaults model an MLX90640 (NETD 0.1 K RMS at 1 Hz,
/// datasheet) in an indoor room; <see cref="ForSensor"/> adjusts the noise for a Lepton.
/// </summary>
public sealed record SyntheticSceneOptions
{
    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; } = 32;
    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; } = 24;
    /// <summary>Frames in the sequence.</summary>
    public int Frames { get; init; } = 1500;
    /// <summary>Walking lanes (at most one person per lane, so people never merge).</summary>
    public int Lanes { get; init; } = 3;
    /// <summary>Per-frame chance that a person enters an empty lane.</summary>
    public double EnterProbability { get; init; } = 1.0 / 120;
    /// <summary>Gaussian pixel noise, standard deviation.</summary>
    public int NoiseCc { get; init; } = 15;
    /// <summary>Peak-to-peak slow drift of the room temperature over the sequence.</summary>
    public int AmbientDriftCc { get; init; } = 150;
    /// <summary>The sensor's ambient (die) reading sits this far above the room.</summary>
    public int SensorSelfHeatingCc { get; init; } = 150;
    /// <summary>Put a radiator (55 °C) at the left edge.</summary>
    public bool Radiator { get; init; } = true;
    /// <summary>Put a sunlit window patch on the right that warms by 3 °C over the sequence.</summary>
    public bool SunlitWindow { get; init; } = true;

    /// <summary>MLX90640 (32x24) or Lepton (80x60 / 160x120: NETD &lt; 50 mK) defaults.</summary>
    public static SyntheticSceneOptions ForSensor(int width, int height) => new()
    {
        Width = width,
        Height = height,
        NoiseCc = width * height >= 80 * 60 ? 6 : 15,
    };
}
