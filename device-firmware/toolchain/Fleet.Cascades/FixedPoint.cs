// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Cascades;

/// <summary>The fixed-point rules of OpenMV's cascade_convert.py, which the camera's detector was built against.</summary>
internal static class FixedPoint
{
    /// <summary>Python's <c>int(value * scale)</c> (truncation toward zero of the double product) as an int16,
    /// which <c>struct.pack('h', …)</c> requires.</summary>
    public static short Q(double value, double scale, string what)
    {
        double t = Math.Truncate(value * scale);
        return t is >= short.MinValue and <= short.MaxValue
            ? (short)t
            : throw new CascadeFormatException($"{what} {value.ToString(CultureInfo.InvariantCulture)} does not fit int16 after scaling by {scale}");
    }

    /// <summary>The rectangle weight as the int8 the converter writes (it parses the weight text as an integer).</summary>
    public static sbyte Weight(double weight) =>
        weight == Math.Floor(weight) && weight is >= sbyte.MinValue and <= sbyte.MaxValue
            ? (sbyte)weight
            : throw new CascadeFormatException($"rectangle weight {weight.ToString(CultureInfo.InvariantCulture)} is not an int8 integer");
}
