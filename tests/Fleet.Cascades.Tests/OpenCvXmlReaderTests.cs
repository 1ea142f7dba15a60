// SPDX-License-Identifier: MIT
using System.Text;

namespace Fleet.Cascades.Tests;

/// <summary>Both OpenCV XML formats parse to the same model; what the detectors cannot run is refused.</summary>
public class OpenCvXmlReaderTests
{
    private const string Old = """
        <?xml version="1.0"?>
        <opencv_storage>
        <tiny type_id="opencv-haar-classifier">
          <size>4 3</size>
          <stages>
            <_>
              <trees>
                <_>
                  <_>
                    <feature>
                      <rects>
                        <_>0 0 4 3 -1.</_>
                        <_>1 0 2 3 3.</_></rects>
                      <tilted>0</tilted></feature>
                    <threshold>-0.0315119996666908</threshold>
                    <left_val>2.0875380039215088</left_val>
                    <right_val>-2.2172100543975830</right_val></_></_></trees>
              <stage_threshold>-1.2</stage_threshold>
              <parent>-1</parent>
              <next>-1</next></_></stages></tiny>
        </opencv_storage>
        """;

    private const string New = """
        <?xml version="1.0"?>
        <opencv_storage>
        <cascade type_id="opencv-cascade-classifier"><stageType>BOOST</stageType>
          <featureType>HAAR</featureType>
          <height>3</height>
          <width>4</width>
          <stageParams><maxWeakCount>1</maxWeakCount></stageParams>
          <featureParams><maxCatCount>0</maxCatCount></featureParams>
          <stageNum>1</stageNum>
          <stages>
            <_>
              <maxWeakCount>1</maxWeakCount>
              <stageThreshold>-1.2</stageThreshold>
              <weakClassifiers>
                <_>
                  <internalNodes>0 -1 0 -3.1511999666690826e-02</internalNodes>
                  <leafValues>2.0875380039215088e+00 -2.2172100543975830e+00</leafValues></_></weakClassifiers></_></stages>
          <features>
            <_>
              <rects>
                <_>0 0 4 3 -1.</_>
                <_>1 0 2 3 3.</_></rects></_></features></cascade>
        </opencv_storage>
        """;

    private static HaarCascade Parse(string xml) => OpenCvXmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void Read_OldAndNewFormat_SameCascade()
    {
        HaarCascade a = Parse(Old), b = Parse(New);
        Assert.Equal((4, 3), (a.WindowWidth, a.WindowHeight));
        Assert.Equal(FleetCascadeWriter.Write(a), FleetCascadeWriter.Write(b));
        Assert.Equal(OpenMvCascadeWriter.Write(a), OpenMvCascadeWriter.Write(b));
        Assert.Equal(-1.2, a.Stages[0].Threshold);
        Assert.Equal(3.0, b.Stages[0].Features[0].Rects[1].Weight);
    }

    [Fact]
    public void Read_TiltedFeature_Throws() =>
        Assert.Throws<CascadeFormatException>(() => Parse(Old.Replace("<tilted>0</tilted>", "<tilted>1</tilted>", StringComparison.Ordinal)));

    [Fact]
    public void Read_NonStumpTree_Throws() =>
        Assert.Throws<CascadeFormatException>(() => Parse(New.Replace("0 -1 0 -3.1511999666690826e-02", "1 -1 0 -3.15e-02 0 -1 0 1.0", StringComparison.Ordinal)));

    [Fact]
    public void Read_RectangleOutsideWindow_Throws() =>
        Assert.Throws<CascadeFormatException>(() => Parse(Old.Replace("1 0 2 3 3.", "3 0 2 3 3.", StringComparison.Ordinal)));

    [Fact]
    public void Read_FeatureIndexOutsideTable_Throws() =>
        Assert.Throws<CascadeFormatException>(() => Parse(New.Replace("0 -1 0 -3.15", "0 -1 5 -3.15", StringComparison.Ordinal)));

    [Fact]
    public void Read_NotXml_Throws() =>
        Assert.Throws<CascadeFormatException>(() => Parse("<opencv_storage><cascade>"));
}
