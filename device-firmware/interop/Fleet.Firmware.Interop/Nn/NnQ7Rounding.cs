// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_q7_rounding_t</c> (a C enum, 4 bytes).</summary>
public enum NnQ7Rounding
{
    /// <summary><c>acc &gt;&gt; r</c>: what the camera ran (built with -DARM_NN_TRUNCATE).</summary>
    Truncate = 0,
    /// <summary><c>(acc + 2^(r-1)) &gt;&gt; r</c>: CMSIS-NN's NN_ROUND default.</summary>
    Round = 1,
}
