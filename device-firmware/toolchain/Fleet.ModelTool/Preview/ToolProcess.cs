// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;

namespace Fleet.ModelTool.Preview;

/// <summary>Runs one external program to completion with its output captured, stopping it at a timeout.</summary>
internal static class ToolProcess
{
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, string? workingDirectory, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using (cancellationToken.Register(() => Kill(p)))
        {
            if (!p.WaitForExit(timeout))
            {
                Kill(p);
                p.WaitForExit();
                throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout.TotalMinutes:0.#} min");
            }

            p.WaitForExit(); // drains the asynchronous readers
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (p.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static void Kill(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
