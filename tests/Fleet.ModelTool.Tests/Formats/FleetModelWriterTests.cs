// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Fleet.Firmware.Interop;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Tests.Formats;

/// <summary>
/// The C# writer against the C loader (the judge): every op of both schemes loads with the hash checked, the
/// figures the writer derives equal what the loader recomputes, the encoding is canonical (read + write gives
/// the same bytes), and corrupt, truncated or tampered blobs are refused with the documented status.
/// </summary>
public sealed class FleetModelWriterTests
{
    public static TheoryData<string> Schemes => new() { "q7", "s8" };

    private static FleetModelSpec Spec(string scheme) => scheme == "q7" ? FleetTestModels.Q7() : FleetTestModels.S8();

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EveryOp_LoadsWithVerifiedHash_AndFiguresMatchTheLoader(string scheme)
    {
        FleetModelSpec spec = Spec(scheme);
        byte[] blob = FleetModelWriter.Write(spec);
        using FleetModel model = FleetModel.Load(blob);
        FleetModelInfo info = model.Info;
        Assert.Equal(spec.ModelId, info.ModelId);
        Assert.Equal(spec.ModelVersion, info.ModelVersion);
        Assert.Equal(spec.Scheme, info.Scheme);
        Assert.Equal(spec.Layers.Count, info.Layers);
        Assert.Equal(FleetModelWriter.ArenaBytes(spec), info.ArenaBytes);
        Assert.Equal(blob.Length, info.FlashBytes);
        Assert.True(model.ArenaHighWater <= info.ArenaBytes, $"high water {model.ArenaHighWater} > {info.ArenaBytes}");
        Assert.Equal(spec.Labels, model.Labels);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(blob.AsSpan(40))), info.Sha256);
        IReadOnlyList<(int H, int W, int C)> shapes = FleetModelReader.InputShapes(spec);
        Assert.Equal(spec.Layers.Select((l, i) => FleetModelWriter.Macs(l, shapes[i])).Sum(), info.Macs);
        FleetLayerSpec last = spec.Layers[^1];
        Assert.Equal([last.OutHeight, last.OutWidth, last.OutChannels], info.OutputShape);
        Assert.Equal(spec.Input.Height, info.Input.Height);
        Assert.Equal(spec.Input.Mean.Select(m => (int)m), info.Input.Mean);
        Assert.Equal(spec.Input.Q7Shift.Select(m => (int)m), info.Input.Q7Shift);
        Assert.Equal(spec.Input.S8Scale, info.Input.S8Scale);
        Assert.Equal(spec.Input.S8InputZeroPoint, info.Input.S8InputZeroPoint);

        // Runs, deterministically (the activation buffers hold no state between runs).
        var input = new sbyte[model.InputLength];
        new Random(3).NextBytes((byte[])(Array)input);
        Assert.Equal(model.Run(input), model.Run(input));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Encoding_IsCanonical_ReadThenWriteGivesTheSameBytes(string scheme)
    {
        byte[] blob = FleetModelWriter.Write(Spec(scheme));
        Assert.Equal(blob, FleetModelWriter.Write(Spec(scheme)));
        Assert.Equal(blob, FleetModelWriter.Write(FleetModelReader.Read(blob)));
    }

    [Fact]
    public void Layout_SectionsAndPadding_AreWhereV1PutsThem()
    {
        FleetModelSpec spec = FleetTestModels.Q7();
        byte[] b = FleetModelWriter.Write(spec);
        Assert.Equal("FLMD"u8.ToArray(), b[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(4)));
        Assert.Equal(128, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(6)));
        uint U32(int off) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(off));
        Assert.Equal((uint)b.Length, U32(40));
        Assert.Equal((128u, 36u), (U32(96), U32(100)));
        Assert.Equal((164u, 4u + (16u * 5)), (U32(104), U32(108)));
        Assert.Equal((U32(104) + U32(108), 72u * 8), (U32(112), U32(116)));
        Assert.Equal(U32(112) + U32(116), U32(120));
        Assert.Equal(0u, U32(124) % 4);
        Assert.Equal(0u, U32(44));
        Assert.Equal(0u, U32(92));
        Assert.All(b[86..88], x => Assert.Equal(0, x));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EveryByteFlipAfterTheFraming_IsAHashMismatch(string scheme)
    {
        // flash_bytes (40..43) is framing, checked against the length before the hash; everything after it is
        // reported as a hash mismatch, whatever field it hits.
        byte[] blob = FleetModelWriter.Write(Spec(scheme));
        for (int i = 44; i < blob.Length; i++)
        {
            byte[] copy = (byte[])blob.Clone();
            copy[i] ^= 0x01;
            var ex = Assert.Throws<FleetModelLoadException>(() => FleetModel.Load(copy));
            Assert.True(ex.Status == NativeStatus.Mismatch && ex.Detail.Contains("hash", StringComparison.Ordinal),
                $"byte {i}: {ex.Message}");
        }
    }

    [Fact]
    public void FramingAndHashField_Corrupted_AreRefused()
    {
        byte[] blob = FleetModelWriter.Write(FleetTestModels.Q7());
        for (int i = 0; i < 44; i++)
        {
            byte[] copy = (byte[])blob.Clone();
            copy[i] ^= 0x80;
            var ex = Assert.Throws<FleetModelLoadException>(() => FleetModel.Load(copy));
            NativeStatus want = i is < 4 or 6 or 7 or >= 40 ? NativeStatus.Format : i < 8 ? NativeStatus.Unsupported : NativeStatus.Mismatch;
            Assert.True(ex.Status == want, $"byte {i}: {ex.Message}");
        }
    }

    [Fact]
    public void EveryTruncation_AndATrailingByte_AreFormatErrors()
    {
        byte[] blob = FleetModelWriter.Write(FleetTestModels.S8());
        for (int n = 0; n < blob.Length; n++)
        {
            var ex = Assert.Throws<FleetModelLoadException>(() => FleetModel.Inspect(blob.AsSpan(0, n)));
            Assert.True(ex.Status == NativeStatus.Format, $"length {n}: {ex.Message}");
        }

        var trailing = Assert.Throws<FleetModelLoadException>(() => FleetModel.Load([.. blob, 0]));
        Assert.Equal(NativeStatus.Format, trailing.Status);
    }

    [Fact]
    public void Inspect_DoesNotCheckTheHash_LoadDoes()
    {
        byte[] blob = FleetModelWriter.Write(FleetTestModels.Q7());
        blob[(int)BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(120))] ^= 0x55; // the first weight
        Assert.Equal(5, FleetModel.Inspect(blob).Outputs);
        Assert.Equal(NativeStatus.Mismatch, Assert.Throws<FleetModelLoadException>(() => FleetModel.Load(blob)).Status);
    }

    [Fact]
    public void ArenaFigure_IsTheSpecFormula()
    {
        // q7 model: 8 layers; largest tensor 8·8·4 = 256; largest scratch: conv 4·3·3·3 = 108 vs fc 2·16 = 32.
        Assert.Equal((96 * 8) + (2 * 256) + 108 + 8, FleetModelWriter.ArenaBytes(FleetTestModels.Q7()));
        // s8 model: 8 layers; largest tensor 3·3·8 = 72; scratch: conv 4·1·9 = 36 vs depthwise 2·4·9 = 72.
        Assert.Equal((96 * 8) + (2 * 72) + 72 + 8, FleetModelWriter.ArenaBytes(FleetTestModels.S8()));
    }

    [Fact]
    public void Writer_RefusesWhatTheEncodingCannotHold()
    {
        FleetModelSpec ok = FleetTestModels.Q7();
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { ModelId = "" }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { ModelId = "has space" }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { ModelId = new string('a', 32) }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { Labels = ["a", "b", "c", "d", "sixteen-chars-xx"] }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { Labels = ["a", "b", "c", "d", ""] }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { Layers = [] }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { Layers = Enumerable.Repeat(ok.Layers[1], 65).ToArray() }));
        Assert.Throws<ArgumentException>(() => FleetModelWriter.Write(ok with { Layers = [ok.Layers[0] with { OutChannels = 70000 }] }));
    }

    [Fact]
    public void LoaderJudgesSemantics_ABrokenChainIsAMismatch()
    {
        FleetModelSpec spec = FleetTestModels.Q7();
        var layers = spec.Layers.ToList();
        layers[1] = layers[1] with { OutChannels = 5 }; // relu must keep its input shape
        var ex = Assert.Throws<FleetModelLoadException>(() => FleetModel.Load(FleetModelWriter.Write(spec with { Layers = layers })));
        Assert.Equal(NativeStatus.Mismatch, ex.Status);
        Assert.Equal(1, ex.Layer);
    }

    [Fact]
    public void Preprocess_Q7_AppliesEachChannelsMeanAndShift()
    {
        FleetModelSpec spec = FleetTestModels.Q7() with
        {
            Input = FleetInputSpec.Q7(8, 8, 3, NetworkResize.Nearest, [128, 120, 110], [8, 7, 9]),
        };
        using FleetModel model = FleetModel.Load(FleetModelWriter.Write(spec));
        var rng = new Random(11);
        var pixels = Enumerable.Range(0, 64).Select(_ => (ushort)rng.Next(0, 65536)).ToArray();
        sbyte[] t = model.Preprocess(NetworkImage.FromRgb565(pixels, 8, 8), null);
        for (int i = 0; i < 64; i++)
        {
            int v = pixels[i];
            int[] rgb = [NetworkModel.R5To8((uint)v >> 11), NetworkModel.G6To8(((uint)v >> 5) & 63), NetworkModel.R5To8((uint)v & 31)];
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(FleetModel.QuantizeQ7(rgb[k], spec.Input.Mean[k], spec.Input.Q7Shift[k]), t[(3 * i) + k]);
            }
        }

        Assert.Equal(127, FleetModel.QuantizeQ7(255, 128, 7));                                // 254 saturates
        Assert.Equal(-64, FleetModel.QuantizeQ7(0, 128, 9));                                 // floor((−128)/2)
        Assert.Equal(-1, FleetModel.QuantizeQ7(127, 128, 9));                                 // floor, not toward 0
    }

    [Fact]
    public void Preprocess_S8_AppliesScaleAndZeroPoint()
    {
        FleetModelSpec spec = FleetTestModels.S8();
        using FleetModel model = FleetModel.Load(FleetModelWriter.Write(spec));
        byte[] pixels = Enumerable.Range(0, 36).Select(i => (byte)(i * 7)).ToArray();
        sbyte[] t = model.Preprocess(NetworkImage.FromGray(pixels, 6, 6), null);
        for (int i = 0; i < 36; i++)
        {
            float real = (pixels[i] - 127) * (1 / 127.5f);
            int want = Math.Clamp((int)MathF.Round(real / (1 / 128f), MidpointRounding.AwayFromZero) - 1, -128, 127);
            Assert.Equal(want, t[i]);
        }
    }
}
