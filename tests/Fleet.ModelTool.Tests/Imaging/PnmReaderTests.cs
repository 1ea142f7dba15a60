// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Tests.Imaging;

public sealed class PnmReaderTests
{
    private static byte[] Bytes(string header, params byte[] data) => [.. System.Text.Encoding.ASCII.GetBytes(header), .. data];

    [Fact]
    public void Parse_P5WithComments_ReadsPixels()
    {
        PnmImage img = PnmReader.Parse(Bytes("P5 # gray\n# another\n3 2\n255\n", 1, 2, 3, 4, 5, 6, 99));
        Assert.Equal((3, 2, 1), (img.Width, img.Height, img.Channels));
        Assert.Equal([1, 2, 3, 4, 5, 6], img.Pixels);
    }

    [Fact]
    public void Parse_P6_ConvertsToRgb565LikeTheCamera()
    {
        PnmImage img = PnmReader.Parse(Bytes("P6\n2 1\n255\n", 255, 255, 255, 8, 4, 4));
        Assert.Equal(3, img.Channels);
        ushort[] rgb = img.ToNetworkImage().Rgb565!;
        Assert.Equal(0xFFFF, rgb[0]);
        // rb825[8] = floor((31·8 + 127.5) / 255) = 1, g826[4] = floor((63·4 + 127.5) / 255) = 1, rb825[4] = 0.
        Assert.Equal((1 << 11) | (1 << 5) | 0, rgb[1]);
    }

    [Theory]
    [InlineData("P3\n1 1\n255\n", "P3 is not supported")]
    [InlineData("GIF89a", "expected magic P5 or P6")]
    [InlineData("P5\n1 1\n65535\n", "maxval 65535")]
    [InlineData("P5\nx 1\n255\n", "width")]
    [InlineData("P5\n0 1\n255\n", "out of range")]
    [InlineData("P5\n4 4\n255\n", "truncated pixel data")]
    [InlineData("P5\n1 1\n255", "missing whitespace")]
    public void Parse_BadFile_ThrowsFormatExceptionNamingTheProblem(string header, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PnmReader.Parse(Bytes(header)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
