// SPDX-License-Identifier: MIT
namespace Fleet.Benchmarks;

/// <summary><c>fleet-bench connections …</c>: parses, runs, prints the table (progress on stderr).</summary>
public static class ConnectionsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ConnectionsSettings settings;
        try
        {
            settings = ConnectionsSettings.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var report = await ConnectionsBenchmark.RunAsync(settings, TimeProvider.System, Console.Error, cancel.Token);
        await Console.Out.WriteLineAsync(report.ToText());
        return 0;
    }
}
