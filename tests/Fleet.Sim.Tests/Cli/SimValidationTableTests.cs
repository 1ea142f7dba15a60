// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;

namespace Fleet.Sim.Tests.Cli;

/// <summary>
/// docs/sim-validation.md stays true: every row is run through <c>fleet-sim battery</c>; the printed figure and the
/// error must equal the table's, and the error must be inside the row's bound (5 %, or the published rounding).
/// </summary>
public sealed class SimValidationTableTests
{
    public static TheoryData<int> Rows()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ReadRows().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void Table_CoversTheWorkedFiguresNamedInTheIssue()
    {
        string all = string.Join("\n", ReadRows().Select(r => r.Figure));
        foreach (string must in new[] { "§6 A", "§6 F", "§6 G", "§6 H", "§6 J", "§6 K", "§6 M", "§6 N", "§6 O", "§3d / §7.1", "§3c" })
        {
            Assert.Contains(must, all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_SimulatorPrintsTheTableFigure_WithinTheBound(int index)
    {
        Row row = ReadRows()[index];
        string[] args = row.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int p = Array.IndexOf(args, "--profile");
        args[p + 1] = Path.Combine(SimRepo.Root, args[p + 1]);
        (int code, string output, string error) = SimRepo.Run(
            ["battery", .. args, "--json", "--devices", "1", "--sensitivity-pct", "0", "--no-progress"]);
        Assert.True(code == 0, $"row {row.Number}: exit {code}: {error}");

        using JsonDocument json = JsonDocument.Parse(output);
        double value = Field(json.RootElement, row.Field);
        string printed = FourSignificant(value);
        Assert.True(printed == row.Simulator, $"row {row.Number} ({row.Figure}): simulator prints {printed}, the table says {row.Simulator}");

        double published = double.Parse(row.Published, CultureInfo.InvariantCulture);
        double sim = double.Parse(printed, CultureInfo.InvariantCulture);
        double errorPct = (sim - published) / published * 100;
        double shown = Math.Round(errorPct, 1);
        Assert.Equal(row.Error, (shown == 0 ? "+0.0" : shown.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)) + " %");
        if (row.Bound == "5 %")
        {
            Assert.True(Math.Abs(errorPct) <= 5.0, $"row {row.Number}: error {errorPct:0.00} % is outside 5 %");
        }
        else
        {
            Assert.Equal("0.5 d", row.Bound);
            Assert.True(Math.Abs(sim - published) <= 0.5, $"row {row.Number}: {sim} is more than 0.5 d from {published}");
        }
    }

    private static double Field(JsonElement root, string field)
    {
        int open = field.IndexOf('[', StringComparison.Ordinal);
        return open < 0
            ? root.GetProperty(field).GetDouble()
            : root.GetProperty(field[..open]).GetProperty(field[(open + 1)..^1]).GetDouble();
    }

    // The same rounding the table uses: four significant digits, no trailing zeros.
    private static string FourSignificant(double v)
    {
        if (v == 0)
        {
            return "0";
        }

        int decimals = 3 - (int)Math.Floor(Math.Log10(Math.Abs(v)));
        double r = Math.Round(v, Math.Max(decimals, 0), MidpointRounding.ToEven);
        if (decimals < 0)
        {
            double f = Math.Pow(10, -decimals);
            r = Math.Round(v / f) * f;
        }

        string s = r.ToString("F" + Math.Max(decimals, 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) ? s.TrimEnd('0').TrimEnd('.') : s;
    }

    private static List<Row> ReadRows()
    {
        string[] lines = File.ReadAllLines(Path.Combine(SimRepo.Root, "docs", "sim-validation.md"));
        int begin = Array.FindIndex(lines, l => l.Contains("validation-table:begin", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, l => l.Contains("validation-table:end", StringComparison.Ordinal));
        Assert.True(begin >= 0 && end > begin, "docs/sim-validation.md has no validation-table markers");
        var rows = new List<Row>();
        foreach (string line in lines[(begin + 1)..end].Skip(2))
        {
            string[] c = [.. line.Split('|').Skip(1).SkipLast(1).Select(x => x.Trim())];
            Assert.Equal(8, c.Length);
            rows.Add(new Row(c[0], c[1], c[2].Trim('`'), c[3].Trim('`'), c[4], c[5], c[6], c[7]));
        }

        return rows;
    }

    private sealed record Row(string Number, string Figure, string Arguments, string Field, string Published, string Simulator, string Error, string Bound);
}
