// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>Resident memory of a process from <c>/proc/{pid}/status</c> (Linux): current and peak, in MiB.</summary>
public sealed record ProcessMemory(double ResidentMiB, double PeakResidentMiB)
{
    public static ProcessMemory Read(int processId)
    {
        double rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kib(line) / 1024.0;
            }
        }

        return new ProcessMemory(rss, hwm);
    }

    private static long Kib(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(),
            CultureInfo.InvariantCulture);
}
