// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Formats;

/// <summary>
/// Everything a Fleet v1 file says that is not derived: the writer computes offsets, packing, arena_bytes,
/// flash_bytes and the hash from this, and the reader gives it back from a file.
/// </summary>
public sealed record FleetModelSpec(
    FleetModelScheme Scheme,
    string ModelId,
    uint ModelVersion,
    FleetInputSpec Input,
    IReadOnlyList<string> Labels,
    IReadOnlyList<FleetLayerSpec> Layers);
