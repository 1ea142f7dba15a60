// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Thermal.Omron;

/// <summary>
/// Loads the staged d6t44l_presence_4x4 set: labels.csv (file, room, day, ..., person_present, ...) and every CSV it
/// names. The data is read in place and never copied.
/// </summary>
public static class OmronDataset
{
    /// <summary>The dataset folder relative to the shared data root (…/shared/data).</summary>
    public const string RelativePath = "thermal/d6t44l_presence_4x4";

    /// <summary>Load every labelled recording under <paramref name="datasetDir"/>.</summary>
    /// <exception cref="OmronFormatException">labels.csv or a recording is malformed.</exception>
    public static IReadOnlyList<LabelledRecording> Load(string datasetDir)
    {
        ArgumentNullException.ThrowIfNull(datasetDir);
        string labels = Path.Combine(datasetDir, "labels.csv");
        string[] lines = File.ReadAllLines(labels);
        if (lines.Length < 2)
        {
            throw new OmronFormatException(labels, 1, "no rows");
        }
        string[] header = lines[0].Split(',');
        int iFile = Column(header, "file", labels), iRoom = Column(header, "room", labels);
        int iDay = Column(header, "day", labels), iPresent = Column(header, "person_present", labels);
        var result = new List<LabelledRecording>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }
            string[] f = lines[n].Split(',');
            if (f.Length != header.Length)
            {
                throw new OmronFormatException(labels, n + 1, $"expected {header.Length} columns, found {f.Length}");
            }
            if (!int.TryParse(f[iDay], NumberStyles.Integer, CultureInfo.InvariantCulture, out int day) || f[iPresent] is not ("0" or "1"))
            {
                throw new OmronFormatException(labels, n + 1, "day must be an integer and person_present 0 or 1");
            }
            OmronRecording rec = OmronCsvReader.ReadFile(Path.Combine(datasetDir, f[iFile]));
            result.Add(new LabelledRecording(f[iFile], f[iRoom], day, f[iPresent] == "1", rec));
        }
        return result;
    }

    private static int Column(string[] header, string name, string source)
    {
        int i = Array.IndexOf(header, name);
        return i >= 0 ? i : throw new OmronFormatException(source, 1, $"missing column '{name}'");
    }
}
