// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>convert</c> output: the written Fleet model's identity, hash, scheme, shape and figures (arena_bytes and
/// flash_bytes as the header states them and the C loader verified them), and how many test inputs the
/// converted model reproduced bit for bit against the .network in corrected mode (identical_inputs of
/// checked_inputs; the file is written only when all match).
/// </summary>
public sealed record ConvertResult(
    string Input,
    string Output,
    long InputBytes,
    string ModelId,
    uint ModelVersion,
    string Sha256,
    string Scheme,
    int Layers,
    int Outputs,
    IReadOnlyList<string> Labels,
    long Macs,
    long ArenaBytes,
    long FlashBytes,
    int CheckedInputs,
    int IdenticalInputs);
