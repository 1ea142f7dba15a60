// SPDX-License-Identifier: MIT
namespace Fleet.ModelSigning;

/// <summary>The outcome of <see cref="SignatureVerifier.Verify"/>: the first failure and a sentence about it.</summary>
/// <param name="Failure"><see cref="VerificationFailure.None"/> when every check passed.</param>
/// <param name="Detail">What was wrong, for logs and error messages; "verified" on success.</param>
/// <param name="Key">The trusted key that verified the artifact; null on failure.</param>
/// <param name="Signature">The 64-byte signature; null on failure.</param>
public sealed record VerificationResult(
    VerificationFailure Failure, string Detail, ModelVerificationKey? Key = null, byte[]? Signature = null)
{
    public bool IsValid => Failure == VerificationFailure.None;

    /// <summary>The snake_case reason used in metrics and problem details (e.g. <c>untrusted_key</c>).</summary>
    public string Reason => ReasonName(Failure);

    public static string ReasonName(VerificationFailure failure) => failure switch
    {
        VerificationFailure.None => "none",
        VerificationFailure.UnsupportedFormat => "unsupported_format",
        VerificationFailure.UntrustedKey => "untrusted_key",
        VerificationFailure.HashMismatch => "hash_mismatch",
        VerificationFailure.BadSignature => "bad_signature",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}
