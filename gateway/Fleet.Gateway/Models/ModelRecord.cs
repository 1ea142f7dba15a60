// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>An accepted model artifact: its header, signature and where its bytes are kept.</summary>
/// <param name="Sha256">SHA-256 of the whole artifact, 64 lowercase hex digits (the OTA offer's <c>sha256</c>).</param>
/// <param name="Signature">The 64-byte P1363 signature, base64 (the OTA offer's <c>signature</c>).</param>
/// <param name="FileName">The artifact's file name inside the models directory.</param>
/// <param name="Report">The figures uploaded with it (<c>report</c> part); null when none were (not measured).</param>
public sealed record ModelRecord(
    string ModelId,
    uint ModelVersion,
    string Sha256,
    long SizeBytes,
    string KeyId,
    string Signature,
    byte Scheme,
    uint ArenaBytes,
    uint FlashBytes,
    string FileName,
    DateTimeOffset UploadedAt,
    ModelReport? Report = null);
