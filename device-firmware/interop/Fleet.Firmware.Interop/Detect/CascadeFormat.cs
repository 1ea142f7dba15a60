// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary><c>fl_cascade_format_t</c>: the file format a cascade was loaded from.</summary>
public enum CascadeFormat
{
    /// <summary>OpenMV firmware 3.0 binary <c>.cascade</c> (fixed-point values only).</summary>
    OpenMv = 0,
    /// <summary>Fleet "FLHC" cascade (docs/cascade-format.md).</summary>
    Fleet = 1,
}
