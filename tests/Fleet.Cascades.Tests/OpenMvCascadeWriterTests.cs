// SPDX-License-Identifier: MIT
namespace Fleet.Cascades.Tests;

/// <summary>The OpenMV writer reproduces the .cascade files OpenMV's converter made from the same XML (spec §7).</summary>
public class OpenMvCascadeWriterTests
{
    private static string Xml(string name) => TestPaths.Data("openmv", "cascades", "opencv-xml", name);

    private static string Shipped(string name) => TestPaths.Data("openmv", "cascades", name);

    [SharedDataFact]
    public void Write_DefaultXmlFirst15Stages_EqualsUnitTestFrontalfaceCascade()
    {
        HaarCascade c = OpenCvXmlReader.ReadFile(Xml("haarcascade_frontalface_default.xml")).Truncate(15);
        Assert.Equal(File.ReadAllBytes(Shipped("frontalface.cascade")), OpenMvCascadeWriter.Write(c));
    }

    [SharedDataFact]
    public void Write_DefaultXml_EqualsBuiltinFrontalface()
    {
        HaarCascade c = OpenCvXmlReader.ReadFile(Xml("haarcascade_frontalface_default.xml"));
        Assert.Equal(File.ReadAllBytes(Shipped("frontalface_builtin_from_cascade_h.cascade")), OpenMvCascadeWriter.Write(c));
    }

    [SharedDataFact]
    public void Write_EyeXml_EqualsBuiltinEye()
    {
        HaarCascade c = OpenCvXmlReader.ReadFile(Xml("haarcascade_eye.xml"));
        Assert.Equal(File.ReadAllBytes(Shipped("eye_builtin_from_cascade_h.cascade")), OpenMvCascadeWriter.Write(c));
    }

    [Fact]
    public void Write_FractionalWeight_Throws()
    {
        var c = new HaarCascade(4, 4, [new HaarStage(0.5, [new HaarFeature(0, 1, -1, [new HaarRect(0, 0, 4, 4, 0.5)])])]);
        Assert.Throws<CascadeFormatException>(() => OpenMvCascadeWriter.Write(c));
    }

    [Fact]
    public void Write_ThresholdBeyondInt16_Throws()
    {
        var c = new HaarCascade(4, 4, [new HaarStage(200.0, [new HaarFeature(0, 1, -1, [new HaarRect(0, 0, 4, 4, 1)])])]);
        Assert.Throws<CascadeFormatException>(() => OpenMvCascadeWriter.Write(c));
    }
}
