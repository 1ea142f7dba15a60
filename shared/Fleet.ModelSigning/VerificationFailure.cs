// SPDX-License-Identifier: MIT
namespace Fleet.ModelSigning;

/// <summary>The first check of docs/model-signing.md an artifact failed, in checking order.</summary>
public enum VerificationFailure
{
    None = 0,

    /// <summary><c>format</c> or <c>algorithm</c> is not one this verifier knows.</summary>
    UnsupportedFormat,

    /// <summary><c>key_id</c> names no trusted key.</summary>
    UntrustedKey,

    /// <summary><c>size_bytes</c> or <c>sha256</c> does not match the artifact.</summary>
    HashMismatch,

    /// <summary>The signature does not verify under the named key (or is not 64 bytes of base64).</summary>
    BadSignature,
}
