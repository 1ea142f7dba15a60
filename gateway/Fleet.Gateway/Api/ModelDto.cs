// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>An accepted model as <c>/api/models</c> returns it.</summary>
/// <param name="Scheme"><c>q7</c> or <c>s8</c>.</param>
/// <param name="Sha256">SHA-256 of the artifact, lowercase hex.</param>
/// <param name="KeyId">The trusted key that signed it.</param>
public sealed record ModelDto(
    string ModelId,
    uint ModelVersion,
    string Scheme,
    long SizeBytes,
    uint ArenaBytes,
    uint FlashBytes,
    string Sha256,
    string KeyId,
    DateTime UploadedAt);
