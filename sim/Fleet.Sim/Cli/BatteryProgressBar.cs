// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Cli;

/// <summary>A one-line progress bar on stderr for the Monte Carlo run (stdout stays clean for <c>--json</c>).
/// Thread-safe: workers report from several threads.</summary>
internal sealed class BatteryProgressBar : IDisposable
{
    private const int Width = 30;
    private readonly TextWriter _error;
    private readonly int _total;
    private readonly bool _enabled;
    private readonly Lock _lock = new();
    private int _shownPct = -1;
    private bool _finished;

    public BatteryProgressBar(TextWriter error, int total, bool enabled)
    {
        _error = error;
        _total = total;
        _enabled = enabled;
    }

    /// <summary>Devices done so far.</summary>
    public void Report(int done)
    {
        if (!_enabled)
        {
            return;
        }

        int pct = (int)(100L * done / _total);
        lock (_lock)
        {
            if (pct <= _shownPct || _finished)
            {
                return;
            }

            _shownPct = pct;
            int filled = pct * Width / 100;
            _error.Write($"\rfleet-sim battery: [{new string('#', filled)}{new string('.', Width - filled)}] {pct,3} % {done}/{_total} devices");
            _error.Flush();
        }
    }

    public void Finish()
    {
        lock (_lock)
        {
            if (_enabled && !_finished && _shownPct >= 0)
            {
                _error.WriteLine();
            }

            _finished = true;
        }
    }

    public void Dispose() => Finish();
}
