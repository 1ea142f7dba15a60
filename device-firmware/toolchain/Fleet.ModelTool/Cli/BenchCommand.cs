// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.ModelTool.Benchmarking;

namespace Fleet.ModelTool.Cli;

/// <summary><c>bench MODEL… [--seconds S]</c>: host inferences/s of the C engine and the C# reference.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var models = new Argument<string[]>("MODEL") { Description = "One or more .network or Fleet-format (.flmd) models", Arity = ArgumentArity.OneOrMore };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Wall-clock time per engine per model (default 2)",
            DefaultValueFactory = _ => 2.0,
        };
        var mode = CliCommon.ModeOption();
        var json = CliCommon.JsonOption();
        var cmd = new Command("bench",
            "Host inferences per second of the C engine (P/Invoke) and of the C# reference (.network only), with arena and flash bytes")
        {
            models, seconds, mode, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, error) =>
        {
            double s = pr.GetValue(seconds);
            if (!(s > 0 && s <= 3600))
            {
                throw new ModelToolException($"--seconds {s}: expected a value in (0, 3600]");
            }

            BenchResult r = Benchmarker.Run(pr.GetValue(models)!, TimeSpan.FromSeconds(s),
                CliCommon.RequestedMode(pr, mode), error);
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(output, r);
                return 0;
            }

            output.WriteLine($"host: {r.Cpu}, {r.LogicalCores} logical cores, {r.Os}, {r.Runtime}; {r.SecondsPerEngine} s per engine per model, single thread");
            output.WriteLine($"{"model",-44} {"MACs",11} {"flash B",8} {"arena B",8} {"C inf/s",9} {"C# inf/s",9} {"C/C#",6} {"same",5}");
            foreach (BenchModelResult m in r.Models)
            {
                output.WriteLine($"{Path.GetFileName(Path.GetDirectoryName(m.Model)) + "/" + Path.GetFileName(m.Model),-44} " +
                                 $"{m.Macs,11:N0} {m.FlashBytes,8:N0} {m.ArenaBytes,8:N0} {m.CPerSecond,9:0.0} " +
                                 $"{Opt(m.ReferencePerSecond, "0.0"),9} {Opt(m.Ratio, "0.00"),6} {(m.OutputsMatch switch { true => "yes", false => "NO", null => "-" }),5}");
            }

            return r.Models.All(m => m.OutputsMatch != false) ? 0 : 1;
        }));
        return cmd;
    }

    private static string Opt(double? v, string format) => v is { } x ? CliCommon.F(x, format) : "-";
}
