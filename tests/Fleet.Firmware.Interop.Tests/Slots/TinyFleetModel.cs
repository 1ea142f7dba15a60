// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Firmware.Interop.Tests.Slots;

/// <summary>
/// A small but real Fleet model v1 with a self-test section, written byte for byte from docs/model-format.md:
/// q7, input side×side×1, one relu layer, side² labels, and the self-test vector (input, relu of it). The C loader
/// judges it in the slots' finish(); these tests do not depend on the toolchain project.
/// </summary>
internal static class TinyFleetModel
{
    public static byte[] Write(string modelId, uint version, int side, int seed, bool corruptExpected = false)
    {
        int n = side * side;
        int labelsLen = 4 + (16 * n);
        int offLabels = 128 + 36, offLayers = offLabels + labelsLen, offWeights = offLayers + 72;
        int offSelfTest = offWeights, selfTestLen = 8 + Align4(n) + Align4(n);
        int total = offSelfTest + selfTestLen;
        var b = new byte[total];
        "FLMD"u8.CopyTo(b);
        U16(b, 4, 1);
        U16(b, 6, 128);
        U32(b, 40, (uint)total);
        U32(b, 44, 1); // flags: self-test section present
        Encoding.ASCII.GetBytes(modelId, b.AsSpan(48, 32));
        U32(b, 80, version);
        b[84] = 1; // q7
        b[85] = 1; // one layer
        U32(b, 88, (uint)(96 + (2 * Align4(n)) + 8));
        U32(b, 96, 128);
        U32(b, 100, 36);
        U32(b, 104, (uint)offLabels);
        U32(b, 108, (uint)labelsLen);
        U32(b, 112, (uint)offLayers);
        U32(b, 116, 72);
        U32(b, 120, (uint)offWeights);
        U32(b, 124, 0);
        U16(b, 128, (ushort)side);
        U16(b, 130, (ushort)side);
        U16(b, 132, 1);
        b[128 + 12] = 8; // q7 shift of the one channel
        U16(b, offLabels, (ushort)n);
        for (int i = 0; i < n; i++)
        {
            Encoding.ASCII.GetBytes($"l{i}", b.AsSpan(offLabels + 4 + (16 * i), 16));
        }

        Span<byte> r = b.AsSpan(offLayers, 72);
        r[0] = 6; // relu
        U16(r, 4, (ushort)side);
        U16(r, 6, (ushort)side);
        U16(r, 8, 1);
        U16(r, 10, (ushort)side);
        U16(r, 12, (ushort)side);
        U16(r, 14, 1);

        var rng = new Random(seed);
        U32(b, offSelfTest, (uint)n);
        U32(b, offSelfTest + 4, (uint)n);
        for (int i = 0; i < n; i++)
        {
            var x = (sbyte)rng.Next(-128, 128);
            b[offSelfTest + 8 + i] = (byte)x;
            b[offSelfTest + 8 + Align4(n) + i] = (byte)Math.Max((sbyte)0, x);
        }

        if (corruptExpected)
        {
            b[offSelfTest + 8 + Align4(n)] ^= 0x40;
        }

        SHA256.HashData(b.AsSpan(40), b.AsSpan(8, 32));
        return b;
    }

    private static int Align4(int v) => (v + 3) & ~3;

    private static void U16(Span<byte> b, int off, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b[off..], v);

    private static void U32(Span<byte> b, int off, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b[off..], v);
}
