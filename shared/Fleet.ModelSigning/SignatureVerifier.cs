// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Fleet.ModelSigning;

/// <summary>
/// Checks an artifact against its signature file in the documented order, stopping at the first failure:
/// format and algorithm known; key id trusted; size and SHA-256 match; signature verifies. Immutable, thread-safe.
/// </summary>
public sealed class SignatureVerifier
{
    private readonly Dictionary<string, ModelVerificationKey> _trusted;

    public SignatureVerifier(IEnumerable<ModelVerificationKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        _trusted = new Dictionary<string, ModelVerificationKey>(StringComparer.Ordinal);
        foreach (var key in trustedKeys)
        {
            _trusted[key.KeyId] = key;
        }
    }

    /// <summary>The key ids this verifier trusts.</summary>
    public IReadOnlyCollection<string> TrustedKeyIds => _trusted.Keys;

    public VerificationResult Verify(ReadOnlySpan<byte> artifact, SignatureFile signature) =>
        Verify(artifact.Length, SHA256.HashData(artifact), signature);

    /// <summary>The same checks for an artifact whose length and SHA-256 the caller computed while streaming it.</summary>
    public VerificationResult Verify(long artifactLength, ReadOnlySpan<byte> artifactSha256, SignatureFile signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Format != SignatureFile.FormatV1)
        {
            return new(VerificationFailure.UnsupportedFormat,
                $"Signature format '{signature.Format}' is not '{SignatureFile.FormatV1}'.");
        }

        if (signature.Algorithm != SignatureFile.AlgorithmEs256)
        {
            return new(VerificationFailure.UnsupportedFormat,
                $"Signature algorithm '{signature.Algorithm}' is not '{SignatureFile.AlgorithmEs256}'.");
        }

        if (!_trusted.TryGetValue(signature.KeyId, out var key))
        {
            return new(VerificationFailure.UntrustedKey, $"Key '{signature.KeyId}' is not a trusted signing key.");
        }

        if (signature.SizeBytes != artifactLength)
        {
            return new(VerificationFailure.HashMismatch,
                $"The signature is for {signature.SizeBytes} bytes; the artifact has {artifactLength}.");
        }

        var actual = Convert.ToHexStringLower(artifactSha256);
        if (!string.Equals(signature.Sha256, actual, StringComparison.Ordinal))
        {
            return new(VerificationFailure.HashMismatch,
                $"The signature is for SHA-256 {signature.Sha256}; the artifact's is {actual}.");
        }

        var bytes = signature.TryDecodeSignature();
        if (bytes is null)
        {
            return new(VerificationFailure.BadSignature, "The signature is not base64 of 64 bytes (P1363 r || s).");
        }

        return key.VerifyDigest(artifactSha256, bytes)
            ? new(VerificationFailure.None, "verified", key, bytes)
            : new(VerificationFailure.BadSignature, $"The signature does not verify under key '{key.KeyId}'.");
    }
}
