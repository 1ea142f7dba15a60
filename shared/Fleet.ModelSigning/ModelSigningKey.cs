// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Fleet.ModelSigning;

/// <summary>
/// A P-256 private key that signs model artifacts (ES256, P1363 <c>r || s</c>). Owns its <see cref="ECDsa"/>;
/// dispose it. Not thread-safe for concurrent signing on all platforms, so callers sign one artifact at a time.
/// </summary>
public sealed class ModelSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private ModelSigningKey(ECDsa key)
    {
        _key = key;
        PublicKey = ModelVerificationKey.FromParameters(key.ExportParameters(false));
    }

    /// <summary>The matching public key (with its key id).</summary>
    public ModelVerificationKey PublicKey { get; }

    /// <summary>The key id of <see cref="PublicKey"/>.</summary>
    public string KeyId => PublicKey.KeyId;

    /// <summary>A fresh random key.</summary>
    public static ModelSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a PKCS#8 <c>PRIVATE KEY</c> PEM (an <c>EC PRIVATE KEY</c> PEM is accepted too).</summary>
    /// <exception cref="ModelSigningException">Not a P-256 private key PEM.</exception>
    public static ModelSigningKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var parameters = key.ExportParameters(true);
            if (parameters.D is null || !IsP256(parameters.Curve))
            {
                throw new ModelSigningException("The PEM is not a P-256 (prime256v1) private key.");
            }

            return new ModelSigningKey(key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ModelSigningException($"The PEM is not a P-256 private key: {ex.Message}", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The private key as PKCS#8 PEM (<c>PRIVATE KEY</c>).</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Signs <c>SHA-256(artifact)</c>; returns the 64-byte P1363 signature.</summary>
    public byte[] SignArtifact(ReadOnlySpan<byte> artifact) =>
        _key.SignData(artifact, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Signs <paramref name="artifact"/> and returns its detached signature file.</summary>
    public SignatureFile CreateSignatureFile(ReadOnlySpan<byte> artifact) => new(
        SignatureFile.FormatV1,
        SignatureFile.AlgorithmEs256,
        KeyId,
        Convert.ToHexStringLower(SHA256.HashData(artifact)),
        artifact.Length,
        Convert.ToBase64String(SignArtifact(artifact)));

    public void Dispose() => _key.Dispose();

    internal static bool IsP256(ECCurve curve) =>
        curve.IsNamed && (curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            || string.Equals(curve.Oid.FriendlyName, "nistP256", StringComparison.OrdinalIgnoreCase)
            || string.Equals(curve.Oid.FriendlyName, "ECDSA_P256", StringComparison.OrdinalIgnoreCase)
            || string.Equals(curve.Oid.FriendlyName, "prime256v1", StringComparison.OrdinalIgnoreCase));
}
