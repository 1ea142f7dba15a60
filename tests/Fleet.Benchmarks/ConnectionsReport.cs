// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;

namespace Fleet.Benchmarks;

/// <summary>One ramp step: sessions held by one target and what its process weighs with them.</summary>
public sealed record ConnectionsStep(string Target, int Step, int Connected, int Failures, double ConnectsPerSecond,
    double IdleMiB, double ResidentMiB, double KiBPerConnection, double ClientMiB, string Liveness)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"| {Target} | {Step} | {Connected} | {Failures} | {ConnectsPerSecond:F0} | {IdleMiB:F1} | {ResidentMiB:F1} | " +
        $"{KiBPerConnection:F1} | {ClientMiB:F0} | {Liveness} |");
}

/// <summary>The figures of one <c>connections</c> run and the machine they were measured on.</summary>
public sealed record ConnectionsReport(ConnectionsSettings Settings, IReadOnlyList<ConnectionsStep> Steps,
    int Cpus, string LoadAverage, string OpenFiles)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"fleet-bench connections --steps {string.Join(',', Settings.Steps)} --parallel {Settings.Parallel}; " +
            $"{Cpus} CPUs, load average at end {LoadAverage}, open files soft/hard {OpenFiles}");
        text.AppendLine("| target | step | connected | failures (cum.) | connects/s | idle RSS MiB | RSS MiB | KiB/conn above idle | client RSS MiB | liveness |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var step in Steps)
        {
            text.AppendLine(step.ToLine());
        }

        return text.ToString();
    }
}
