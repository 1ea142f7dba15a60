// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Gateway.Mqtt.Mosquitto;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.External;

/// <summary>Our <c>$7$</c> hashes against Debian's <c>mosquitto_passwd</c> (Mosquitto accepting ours is in the contract tests).</summary>
public sealed class MosquittoPasswordHashInteropTests
{
    private const string PasswdTool = "/usr/bin/mosquitto_passwd";

    [Fact]
    public async Task Verify_LineWrittenByMosquittoPasswd_Accepted()
    {
        Assert.True(File.Exists(PasswdTool),
            $"{PasswdTool} is missing: install the Debian package 'mosquitto' (the test command does).");
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "passwd");
        var start = new ProcessStartInfo(PasswdTool) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "-b", file, "cam-1", "s3cret-Ü" })
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        }

        var parsed = MosquittoPasswordFile.Parse(await File.ReadAllTextAsync(file));
        var hash = parsed.Find("cam-1");

        Assert.NotNull(hash);
        Assert.StartsWith("$7$101$", hash);
        Assert.True(MosquittoPasswordHash.Verify("s3cret-Ü", hash));
        Assert.False(MosquittoPasswordHash.Verify("s3cret-U", hash));
    }
}
