// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Omron;

/// <summary>An Omron CSV recording is malformed; the message names the file and the 1-based line.</summary>
public sealed class OmronFormatException(string source, int line, string reason)
    : Exception($"{source}:{line}: {reason}")
{
    /// <summary>File or stream name given to the reader.</summary>
    public string SourceName { get; } = source;

    /// <summary>1-based line number of the problem.</summary>
    public int Line { get; } = line;
}
