// SPDX-License-Identifier: MIT
using Fleet.Thermal.Omron;

namespace Fleet.Thermal.Tests;

/// <summary>The Omron CSV reader on good and malformed input; each case builds its own text.</summary>
public sealed class OmronCsvReaderTests
{
    private const string Begin = "2016/5/23 - 22:40:34 BEGINNING OF FILE";
    private const string Header = "TPTAT, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, CheckPEC, Delta t from last measure in Miliseconds, Time Stamp";
    private const string Row = "254, 231, 231, 231, 229, 232, 233, 235, 232, 248, 260, 270, 244, 239, 260, 269, 240, 1, 1990, 2016/5/23 - 22:40:37";
    private const string End = "2016/5/23 - 22:41:9 END OF FILE";

    private static OmronRecording Read(params string[] lines) => OmronCsvReader.Read(new StringReader(string.Join("\n", lines)), "t.csv");

    private static OmronFormatException Bad(params string[] lines) => Assert.Throws<OmronFormatException>(() => Read(lines));

    [Fact]
    public void Read_WellFormed_ConvertsToCentiDegrees()
    {
        OmronRecording r = Read(Begin, Header, Row, Row.Replace(", 1, 1990", ", 0, 216", StringComparison.Ordinal), End);
        Assert.Equal(new DateTime(2016, 5, 23, 22, 40, 34), r.Start);
        Assert.Equal(2, r.Frames.Count);
        Assert.Equal(2540, r.Frames[0].AmbientCc);
        Assert.Equal(2310, r.Frames[0].PixelsCc[0]);
        Assert.Equal(2400, r.Frames[0].PixelsCc[15]);
        Assert.Equal(3, r.Frames[0].LineNumber);
    }

    [Fact]
    public void Read_PacketErrorRow_IsFlaggedAndExcluded()
    {
        OmronRecording r = Read(Begin, Header, Row, Row.Replace(", 1, 1990", ", 0, 216", StringComparison.Ordinal), Row, End);
        Assert.Equal(1, r.PacketErrorCount);
        Assert.Equal(2, r.ValidFrames.Count());
        Assert.All(r.ValidFrames, f => Assert.True(f.PacketOk));
    }

    [Fact]
    public void Read_GarbageInsidePacketErrorRow_IsTolerated()
    {
        string corrupted = "254, 231, x, 231, 229, 232, 233, 235, 232, 248, 260, 270, 244, 239, 260, 269, 99999, 0, 1990, 2016/5/23 - 22:40:37";
        OmronRecording r = Read(Begin, Header, corrupted, End);
        Assert.False(r.Frames[0].PacketOk);
        Assert.Empty(r.ValidFrames);
    }

    [Fact]
    public void Read_MissingBeginning_NamesLine1() => Assert.Equal(1, Bad(Header, Row, End).Line);

    [Fact]
    public void Read_BadHeader_NamesLine2() => Assert.Equal(2, Bad(Begin, "T1, T2", Row, End).Line);

    [Fact]
    public void Read_ShortRow_NamesItsLine()
    {
        OmronFormatException e = Bad(Begin, Header, Row, "254, 231, 231", End);
        Assert.Equal(4, e.Line);
        Assert.Contains("columns", e.Message, StringComparison.Ordinal);
        Assert.Contains("t.csv:4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonIntegerPixelInGoodRow_Throws() =>
        Assert.Contains("T2", Bad(Begin, Header, Row.Replace("254, 231, 231", "254, 231, 2x1", StringComparison.Ordinal), End).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_OutOfRangeValueInGoodRow_Throws() =>
        Assert.Contains("outside", Bad(Begin, Header, Row.Replace("254, 231,", "254, 5000,", StringComparison.Ordinal), End).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_BadCheckPec_Throws() =>
        Assert.Contains("CheckPEC", Bad(Begin, Header, Row.Replace(", 1, 1990", ", 2, 1990", StringComparison.Ordinal), End).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_Truncated_Throws() => Assert.Contains("truncated", Bad(Begin, Header, Row).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_DataAfterEnd_Throws() => Assert.Contains("after END", Bad(Begin, Header, Row, End, Row).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_BadTimeStamp_Throws() => Assert.Contains("time stamp", Bad("yesterday BEGINNING OF FILE", Header, Row, End).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_Empty_Throws() => Assert.Equal(1, Bad("").Line);
}
