// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;

namespace Fleet.Thermal.Native;

/// <summary>The fixed <c>blobs[FL_THERMAL_MAX_BLOBS]</c> array inside <c>fl_thermal_result_t</c>.</summary>
[InlineArray(ThermalNativeMethods.MaxBlobs)]
internal struct ThermalBlobArrayNative
{
    private ThermalBlobNative _element0;
}
