// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Preview;

/// <summary>
/// Executed Cortex-M7 instructions of one model file under QEMU <c>mps2-an500</c> (bench_model_m7.elf), the
/// markers' own cost already subtracted.
/// </summary>
/// <param name="Model">The model file measured.</param>
/// <param name="Format"><c>network</c>, <c>flmd-q7</c> or <c>flmd-s8</c>.</param>
/// <param name="InstructionsPerInference">What the firmware executes per inference: for a camera-input model the
/// pipeline's per-face work (input tensor from a 56×56 face ROI of a QVGA frame, forward pass, scores); for a
/// tensor-input model the forward pass alone.</param>
/// <param name="RunInstructions">The forward pass alone (fl_network_run camera mode with softmax, or fl_model_run)
/// on a deterministic input: the figure of bench_stages_m7's "network" rows.</param>
/// <param name="Macs">Multiply-accumulates of one forward pass, as the loader counts them.</param>
/// <param name="ArenaBytes">RAM the model needs (FLMD: the header's verified arena_bytes; .network: layer table,
/// scratch, input and output).</param>
/// <param name="FlashBytes">Bytes of the model file.</param>
/// <param name="MarkerOverhead">Instructions of an empty marker region, subtracted from every figure.</param>
public sealed record M7Count(
    string Model, string Format, long InstructionsPerInference, long RunInstructions, ulong Macs, uint ArenaBytes,
    uint FlashBytes, long MarkerOverhead);
