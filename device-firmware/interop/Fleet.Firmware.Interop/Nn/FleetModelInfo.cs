// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// What a Fleet-format blob is and needs (<c>fl_model_info_t</c>): identity, the stored SHA-256 (lower-case hex;
/// <see cref="FleetModel.Inspect"/> does not verify it, <see cref="FleetModel.Load"/> does), scheme, layer and
/// output counts, the output shape [h, w, c], the loader-verified arena and flash figures, the weight section
/// length, MACs per run and the input spec.
/// </summary>
public sealed record FleetModelInfo(
    string ModelId,
    uint ModelVersion,
    string Sha256,
    FleetModelScheme Scheme,
    int Layers,
    int Outputs,
    IReadOnlyList<int> OutputShape,
    long ArenaBytes,
    long FlashBytes,
    long WeightBytes,
    long Macs,
    FleetModelInput Input);
