// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary><c>fl_network_mode_t</c>: reproduce firmware 3.0 bit for bit, or fix its quirks (docs/nn-engine.md).</summary>
public enum NetworkMode
{
    Camera = 0,
    Corrected = 1,
}
