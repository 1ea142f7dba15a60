// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt.Mosquitto;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.Mqtt;

public sealed class MosquittoFilesTests
{
    // Written by Debian's mosquitto_passwd 2.0.11 for password "s3cret".
    private const string MosquittoPasswdLine =
        "$7$101$HqmTNhlbzyhRWDdA$shDJsIFZKBapOxJtrGHskWJgb6G372nwWSWOqy6ip+VCJj6oYq+LlOtc6SbOlUJWnx5g2XwR7H14QokiU79DmA==";

    [Fact]
    public void Create_SaltAndIterationsOfAMosquittoPasswdLine_ReproducesItExactly()
    {
        var salt = Convert.FromBase64String("HqmTNhlbzyhRWDdA");

        Assert.Equal(MosquittoPasswdLine, MosquittoPasswordHash.Create("s3cret", salt, 101));
    }

    [Fact]
    public void Create_SamePasswordTwice_UsesFreshSaltsAndBothVerify()
    {
        var a = MosquittoPasswordHash.Create("pw");
        var b = MosquittoPasswordHash.Create("pw");

        Assert.NotEqual(a, b);
        Assert.True(MosquittoPasswordHash.Verify("pw", a));
        Assert.True(MosquittoPasswordHash.Verify("pw", b));
        Assert.Equal(16, a.Split('$')[3].Length); // 12-byte salt, like mosquitto_passwd
    }

    [Theory]
    [InlineData("")]
    [InlineData("$6$abc$def")]
    [InlineData("$7$x$HqmTNhlbzyhRWDdA$AAAA")]
    [InlineData("$7$101$not-base64$AAAA")]
    public void Verify_MalformedHash_ReturnsFalse(string encoded) =>
        Assert.False(MosquittoPasswordHash.Verify("s3cret", encoded));

    [Fact]
    public void PasswordFile_SetExistingUser_ReplacesInPlaceAndKeepsOtherLines()
    {
        var file = MosquittoPasswordFile.Parse("# comment\nops:$7$1$a$b\ncam-1:old\n\ncam-2:two\n");

        file.Set("cam-1", "new");
        file.Set("cam-3", "three");

        Assert.Equal("ops:$7$1$a$b\ncam-1:new\ncam-2:two\ncam-3:three\n", file.Format());
    }

    [Fact]
    public void PasswordFile_RemoveUser_DropsOnlyItsLineAndIsIdempotent()
    {
        var file = MosquittoPasswordFile.Parse("ops:$7$1$a$b\ncam-1:one\ncam-2:two\n");

        Assert.True(file.Remove("cam-1"));
        Assert.False(file.Remove("cam-1"));

        Assert.Equal("ops:$7$1$a$b\ncam-2:two\n", file.Format());
        Assert.Null(file.Find("cam-1"));
    }

    [Theory]
    [InlineData("no-colon-here\n")]
    [InlineData(":hash\n")]
    public void PasswordFile_ParseBrokenLine_Throws(string text) =>
        Assert.Throws<FormatException>(() => MosquittoPasswordFile.Parse(text));

    [Fact]
    public void PasswordFile_SetUserWithColon_Throws() =>
        Assert.Throws<ArgumentException>(() => new MosquittoPasswordFile().Set("a:b", "hash"));

    [Fact]
    public void AclFile_Format_HasDevicePatternsAndGatewayRules()
    {
        var lines = MosquittoAclFile.Format("fleet@gateway").Split('\n').Select(l => l.Trim()).ToList();

        Assert.Contains("pattern write fleet/v1/%u/up/#", lines);
        Assert.Contains("pattern read fleet/v1/%u/down/#", lines);
        var user = lines.IndexOf("user fleet@gateway");
        Assert.True(user >= 0);
        Assert.Equal("topic read fleet/v1/+/up/#", lines[user + 1]);
        Assert.Equal("topic write fleet/v1/+/down/#", lines[user + 2]);
    }

    [Fact]
    public async Task AtomicFile_Replace_WritesContentKeepsModeAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "passwd");

        await AtomicFile.WriteAllTextAsync(path, "a:1\n", CancellationToken.None);
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);
        await AtomicFile.WriteAllTextAsync(path, "a:2\n", CancellationToken.None);

        Assert.Equal("a:2\n", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(AtomicFile.NewFileMode, mode);
            Assert.Equal(mode, File.GetUnixFileMode(path));
        }
    }
}
