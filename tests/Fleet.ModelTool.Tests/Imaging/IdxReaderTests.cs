// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Tests.Imaging;

public sealed class IdxReaderTests
{
    [Fact]
    public void Parse_Images3D_ReadsBigEndianDims()
    {
        byte[] file = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6];
        IdxArray a = IdxReader.Parse(file);
        Assert.Equal([2, 1, 3], a.Dims);
        Assert.Equal(3, a.ItemSize);
        Assert.Equal([4, 5, 6], a.Item(1).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1 }, "bad magic")]
    [InlineData(new byte[] { 0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, "element type 0x0d")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 0, 0 }, "truncated header")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2 }, "truncated data")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 1, 2 }, "trailing bytes")]
    public void Parse_BadFile_ThrowsFormatExceptionNamingTheProblem(byte[] file, string message)
    {
        var ex = Assert.Throws<FormatException>(() => IdxReader.Parse(file));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
