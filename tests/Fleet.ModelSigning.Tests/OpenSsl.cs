// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Fleet.ModelSigning.Tests;

/// <summary>Runs the <c>openssl</c> command line for cross-checks.</summary>
internal static class OpenSsl
{
    public static string? Path { get; } = Find();

    /// <summary>Runs openssl with <paramref name="args"/>; returns (exit code, stdout bytes, stderr).</summary>
    public static (int Code, byte[] Output, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? "openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errorTask = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), errorTask.GetAwaiter().GetResult());
    }

    public static byte[] RunOk(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"openssl {string.Join(' ', args)} failed ({code}): {error}");
        return output;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(dir, "openssl");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
