// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.Cascades.Tests;

/// <summary>The Fleet writer's layout, and the C loader accepting every converted file and every shipped .cascade.</summary>
public class FleetCascadeWriterTests
{
    private static readonly string[] XmlFiles =
    [
        TestPaths.Data("openmv", "cascades", "opencv-xml", "haarcascade_frontalface_default.xml"),
        TestPaths.Data("openmv", "cascades", "opencv-xml", "haarcascade_eye.xml"),
        TestPaths.Data("faces", "haarcascade_frontalface_alt.xml"),
    ];

    [Fact]
    public void Write_Header_HoldsCountsAndSize()
    {
        var c = new HaarCascade(24, 20, [
            new HaarStage(-1.5, [
                new HaarFeature(0.25, 1, -1, [new HaarRect(0, 0, 4, 4, -1), new HaarRect(0, 0, 2, 4, 2)]),
                new HaarFeature(-0.125, 0.5, -0.5, [new HaarRect(1, 1, 3, 3, -1), new HaarRect(1, 1, 1, 3, 3), new HaarRect(2, 1, 1, 3, 3)]),
            ]),
        ]);
        byte[] b = FleetCascadeWriter.Write(c);
        Assert.Equal("FLHC"u8.ToArray(), b[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(4)));
        Assert.Equal(24, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)));
        Assert.Equal(20, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(10)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(16)));
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(20)));
        Assert.Equal((uint)b.Length, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(24)));
        Assert.Equal(32 + 8 + (2 * 20) + (5 * 12), b.Length);
        Assert.Equal(-384, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(34))); // int(-1.5 * 256)
        Assert.Equal(-512, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(40 + 20 + 12))); // int(-0.125 * 4096)

        (int inspect, int load, NativeCascadeLoader.Info info, string? msg) = NativeCascadeLoader.Load(b);
        Assert.True(inspect == 0 && load == 0, msg);
        Assert.Equal(5u, info.Rects);
    }

    [SharedDataFact]
    public void ConvertedFiles_LoadInCLoader_BothFormats()
    {
        foreach (string xml in XmlFiles)
        {
            HaarCascade c = OpenCvXmlReader.ReadFile(xml);
            var cases = new (byte[] Blob, int Stages)[]
            {
                (FleetCascadeWriter.Write(c), c.Stages.Count),
                (OpenMvCascadeWriter.Write(c), c.Stages.Count),
                (OpenMvCascadeWriter.Write(c.Truncate(15)), Math.Min(15, c.Stages.Count)),
            };
            foreach ((byte[] blob, int stages) in cases)
            {
                (int inspect, int load, NativeCascadeLoader.Info info, string? msg) = NativeCascadeLoader.Load(blob);
                Assert.True(inspect == 0 && load == 0, $"{Path.GetFileName(xml)}: {msg}");
                Assert.Equal((uint)stages, info.Stages);
            }
        }
    }

    [SharedDataFact]
    public void ShippedCascades_LoadInCLoader()
    {
        foreach (string file in Directory.GetFiles(TestPaths.Data("openmv", "cascades"), "*.cascade"))
        {
            (int inspect, int load, _, string? msg) = NativeCascadeLoader.Load(File.ReadAllBytes(file));
            Assert.True(inspect == 0 && load == 0, $"{Path.GetFileName(file)}: {msg}");
        }
    }

    [Fact]
    public void Write_WindowTooLarge_Throws()
    {
        var c = new HaarCascade(65, 24, [new HaarStage(0, [new HaarFeature(0, 1, -1, [new HaarRect(0, 0, 4, 4, 1)])])]);
        Assert.Throws<CascadeFormatException>(() => FleetCascadeWriter.Write(c));
    }
}
