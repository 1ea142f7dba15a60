// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary><c>fl_network_pool_type_t</c> (Caffe's PoolingParameter enum).</summary>
public enum NetworkPoolType
{
    Max = 0,
    Average = 1,
}
