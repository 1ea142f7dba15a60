// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Thermal.Omron;

/// <summary>
/// Reads the Omron D6T-44L recordings of the research-thermal-sensing set: line 1 "&lt;date&gt; - &lt;time&gt; BEGINNING OF FILE",
/// line 2 the header (TPTAT, T1..T16, CheckPEC, delta ms, time stamp), data rows, last line "... END OF FILE".
/// Every deviation is an <see cref="OmronFormatException"/> naming the line; packet-error rows (CheckPEC 0) are
/// kept but flagged, and their values are not range-checked because a corrupted packet may hold anything.
/// </summary>
public static class OmronCsvReader
{
    private const int Pixels = 16;
    private const int Columns = 20; // TPTAT, 16 pixels, CheckPEC, delta, time stamp
    // The D6T-44L measures objects from 5 to 50 °C; anything outside -20..100 °C in a good packet is corruption.
    private const int MinDeciC = -200, MaxDeciC = 1000;

    /// <summary>Read a recording from a file.</summary>
    public static OmronRecording ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Read a recording from text; <paramref name="source"/> names it in errors.</summary>
    public static OmronRecording Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        int lineNo = 0;
        string? line = NextLine(reader, ref lineNo);
        if (line is null || !line.EndsWith("BEGINNING OF FILE", StringComparison.Ordinal))
        {
            throw new OmronFormatException(source, Math.Max(lineNo, 1), "expected '<date> - <time> BEGINNING OF FILE'");
        }
        DateTime start = ParseStamp(line[..^"BEGINNING OF FILE".Length].Trim(), source, lineNo);
        line = NextLine(reader, ref lineNo);
        if (line is null || !line.TrimStart().StartsWith("TPTAT", StringComparison.Ordinal) || line.Split(',').Length != Columns)
        {
            throw new OmronFormatException(source, Math.Max(lineNo, 2), $"expected the header 'TPTAT, T1..T16, CheckPEC, ...' with {Columns} columns");
        }
        var frames = new List<OmronFrame>();
        while ((line = NextLine(reader, ref lineNo)) is not null)
        {
            if (line.EndsWith("END OF FILE", StringComparison.Ordinal))
            {
                if (NextLine(reader, ref lineNo) is not null)
                {
                    throw new OmronFormatException(source, lineNo, "data after END OF FILE");
                }
                return new OmronRecording(source, start, frames);
            }
            frames.Add(ParseRow(line, source, lineNo));
        }
        throw new OmronFormatException(source, lineNo + 1, "truncated: no END OF FILE line");
    }

    private static string? NextLine(TextReader reader, ref int lineNo)
    {
        string? line;
        do
        {
            line = reader.ReadLine();
            lineNo++;
        } while (line is not null && line.Trim().Length == 0);
        return line?.Trim();
    }

    private static OmronFrame ParseRow(string line, string source, int lineNo)
    {
        string[] f = line.Split(',');
        if (f.Length != Columns)
        {
            throw new OmronFormatException(source, lineNo, $"expected {Columns} columns, found {f.Length}");
        }
        int pec = ParseInt(f[17], source, lineNo, "CheckPEC");
        if (pec is not (0 or 1))
        {
            throw new OmronFormatException(source, lineNo, $"CheckPEC must be 0 or 1, found {pec}");
        }
        bool ok = pec == 1;
        int delta = ParseInt(f[18], source, lineNo, "delta ms");
        var pixels = new short[Pixels];
        short ambient = 0;
        for (int i = 0; i <= Pixels; i++)
        {
            string name = i == 0 ? "TPTAT" : $"T{i}";
            if (!int.TryParse(f[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int deci))
            {
                if (!ok)
                {
                    deci = 0; // a corrupted packet: flagged, never used
                }
                else
                {
                    throw new OmronFormatException(source, lineNo, $"{name} is not an integer: '{f[i].Trim()}'");
                }
            }
            if (ok && (deci < MinDeciC || deci > MaxDeciC))
            {
                throw new OmronFormatException(source, lineNo, $"{name} = {deci} (0.1 °C) is outside {MinDeciC}..{MaxDeciC}");
            }
            short cc = (short)Math.Clamp(deci * 10, short.MinValue + 1, short.MaxValue);
            if (i == 0)
            {
                ambient = cc;
            }
            else
            {
                pixels[i - 1] = cc;
            }
        }
        return new OmronFrame(lineNo, ambient, pixels, ok, delta);
    }

    private static int ParseInt(string s, string source, int lineNo, string name) =>
        int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new OmronFormatException(source, lineNo, $"{name} is not an integer: '{s.Trim()}'");

    private static DateTime ParseStamp(string s, string source, int lineNo) =>
        DateTime.TryParseExact(s, "yyyy/M/d - H:m:s", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime t)
            ? t
            : throw new OmronFormatException(source, lineNo, $"bad time stamp '{s}' (expected yyyy/M/d - H:m:s)");
}
