// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary><c>fl_network_layer_type_t</c>, the record type codes of the file.</summary>
public enum NetworkLayerType
{
    Data = 0,
    Conv = 1,
    Relu = 2,
    Pool = 3,
    InnerProduct = 4,
}
