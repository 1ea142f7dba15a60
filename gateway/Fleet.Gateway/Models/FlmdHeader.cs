// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>What the gateway reads from a Fleet model's 128-byte header (docs/model-format.md).</summary>
public sealed record FlmdHeader(
    string ModelId, uint ModelVersion, byte Scheme, byte LayerCount, uint ArenaBytes, uint FlashBytes)
{
    public string SchemeName => Scheme == 1 ? "q7" : "s8";
}
