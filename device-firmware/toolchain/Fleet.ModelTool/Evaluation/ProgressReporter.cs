// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Evaluation;

/// <summary>
/// Progress on stderr: an in-place bar when stderr is a terminal, otherwise one plain line per ~10 % so logs
/// and CI output stay readable.
/// </summary>
public sealed class ProgressReporter
{
    private const int BarWidth = 30;
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly int _total;
    private readonly int _lineEvery;
    private int _lastBarPermille = -1;

    public ProgressReporter(TextWriter writer, bool interactive, int total)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _interactive = interactive;
        _total = Math.Max(total, 1);
        _lineEvery = Math.Max(_total / 10, 1);
    }

    public void Report(int done, int correct)
    {
        if (_interactive)
        {
            int permille = (int)(1000L * done / _total);
            if (permille == _lastBarPermille && done != _total)
            {
                return;
            }

            _lastBarPermille = permille;
            int filled = BarWidth * done / _total;
            _writer.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{_total} " +
                          $"acc {(double)correct / Math.Max(done, 1):0.0000}");
            if (done == _total)
            {
                _writer.WriteLine();
            }
        }
        else if (done % _lineEvery == 0 || done == _total)
        {
            _writer.WriteLine($"eval: {done}/{_total} ({100L * done / _total}%), accuracy so far {(double)correct / Math.Max(done, 1):0.0000}");
        }
    }
}
