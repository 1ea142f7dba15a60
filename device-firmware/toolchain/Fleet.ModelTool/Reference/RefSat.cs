// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>Saturation and integer-division helpers shared by the reference kernels.</summary>
internal static class RefSat
{
    public static sbyte Sat8(int v) => (sbyte)Math.Clamp(v, -128, 127);

    public static short Sat16(int v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);

    /// <summary>Floor division (C's '/' truncates; the q7 average pool floors, like the quantizer).</summary>
    public static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}
