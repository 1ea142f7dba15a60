// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>The firmware's energy-ledger states, in the order of <c>fl_ledger_state_t</c> and of telemetry key 15
/// (docs/firmware-loop.md).</summary>
public enum LedgerState
{
    Sleep = 0,
    Wake = 1,
    Warmup = 2,
    Capture = 3,
    Detect = 4,
    Connect = 5,
    Tx = 6,
    Rx = 7,
}
