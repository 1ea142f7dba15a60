// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Tests.Import;

public sealed class ProtoTextParserTests
{
    [Fact]
    public void Syntax_VariantsParse()
    {
        ProtoTextMessage m = ProtoTextParser.Parse("""
            name: "a" 'b'   # adjacent strings concatenate
            dim: [1, 2, 3]
            inner: { x: -1.5e-3 flag: true }
            angle < y: ENUM_NAME >; other { s: "q\"\n\x41\101" }
            """, "t");
        Assert.Equal("ab", m.Scalar("name"));
        Assert.Equal([1, 2, 3], m.Ints("dim", "t"));
        Assert.Equal(-1.5e-3f, m.Message("inner")!.Float("x", "t"));
        Assert.True(m.Message("inner")!.Bool("flag", "t"));
        Assert.Equal("ENUM_NAME", m.Message("angle")!.Scalar("y"));
        Assert.Equal("q\"\nAA", m.Message("other")!.Scalar("s"));
    }

    [Theory]
    [InlineData("layer { name: \"x\"", "1:18", "closing")]
    [InlineData("a: \"unterminated\nb: 1", "1:17", "unterminated")]
    [InlineData("a 1", "1:3", "expected ':'")]
    [InlineData("a: }", "1:4", "value")]
    [InlineData("x: 1\n  }", "2:3", "unexpected")]
    public void Errors_NameLineAndColumn(string text, string where, string what)
    {
        var ex = Assert.Throws<ModelImportException>(() => ProtoTextParser.Parse(text, "f.prototxt"));
        Assert.Contains($"f.prototxt:{where}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsBounded()
    {
        string text = string.Concat(Enumerable.Repeat("a { ", 10_000)) + string.Concat(Enumerable.Repeat("} ", 10_000));
        Assert.Throws<ModelImportException>(() => ProtoTextParser.Parse(text, "deep"));
    }
}
