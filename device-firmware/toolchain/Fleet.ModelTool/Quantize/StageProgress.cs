// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Quantize;

/// <summary>
/// Progress of the quantizer's stages on stderr: an in-place bar when stderr is a terminal, otherwise one line per
/// stage so logs stay readable.
/// </summary>
public sealed class StageProgress
{
    private const int BarWidth = 30;
    private readonly TextWriter _writer;
    private readonly bool _interactive;

    public StageProgress(TextWriter writer, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _interactive = interactive;
    }

    public void Report(string stage, int done, int total)
    {
        total = Math.Max(total, 1);
        if (_interactive)
        {
            int filled = BarWidth * Math.Min(done, total) / total;
            _writer.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{total} {stage,-40}");
            if (done >= total)
            {
                _writer.WriteLine();
            }
        }
        else
        {
            _writer.WriteLine($"quantize: {done}/{total} {stage}");
        }
    }
}
