// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>
/// Signed model uploads (docs/model-signing.md):
/// <code>
/// "Models": {
///   "TrustedKeys": [ "keys/operator.pub.pem", "-----BEGIN PUBLIC KEY-----\n…" ],  // PEM text or file paths
///   "Directory": "models",          // under Storage:DataDirectory unless absolute
///   "MaxModelBytes": 16777216,      // the OTA offer's size_bytes limit
///   "Preview": { "BoardProfile": "openmv-h7", "RadioProfile": "wifi" }   // what the preview prices on
/// }
/// </code>
/// </summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>Public keys an upload may be signed by: each a PEM text or the path of a PEM file.</summary>
    public List<string> TrustedKeys { get; } = [];

    /// <summary>Where accepted artifacts are kept; relative to the data directory.</summary>
    public string Directory { get; set; } = "models";

    /// <summary>Largest artifact accepted (docs/protocol.md: OTA size_bytes is at most 16 MiB).</summary>
    public int MaxModelBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The power profiles of <c>GET /api/models/{id}/{version}/preview</c>.</summary>
    public ModelPreviewOptions Preview { get; set; } = new();
}
