// SPDX-License-Identifier: MIT
namespace Fleet.Benchmarks;

/// <summary>Entry point: <c>fleet-bench ingest …</c> (see <see cref="IngestSettings"/>) or <c>connections …</c>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "virtual-fleet")
        {
            return await VirtualFleetCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "sim-battery")
        {
            return SimBatteryCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "scale-out")
        {
            return await ScaleOutCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "connections")
        {
            return await ConnectionsCommand.RunAsync(args[1..]);
        }

        if (args.Length == 0 || args[0] != "ingest")
        {
            await Console.Error.WriteLineAsync(
                "usage: fleet-bench ingest --devices N --rate R|max --seconds S [--window W] [--json]\n" +
                "       fleet-bench connections [--steps 1000,2000,5000,10000] [--parallel P]\n" +
                "       fleet-bench scale-out [--gateways 1,2,3] [--devices 200] [--seconds 20] [--window 16]\n" +
                "       fleet-bench sim-battery [--devices 10000] [--years 1] [--runs 3] [--profile FILE ...] [--json]\n" +
                "       fleet-bench virtual-fleet [--devices 10000] [--speed 1] [--seconds 240] [--workers 32] [--json]");
            return 2;
        }

        IngestSettings settings;
        try
        {
            settings = IngestSettings.Parse(args[1..]);
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
        var report = await IngestBenchmark.RunAsync(settings, TimeProvider.System, Console.Error, cancel.Token);
        await Console.Out.WriteLineAsync(settings.Json ? report.ToJson() : report.ToText());
        return 0;
    }
}
