// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Fleet.ModelSigning;

/// <summary>
/// A trusted P-256 public key and its key id (first 8 bytes of SHA-256 of the SubjectPublicKeyInfo DER, as 16
/// lowercase hex digits). Immutable; <see cref="Verify"/> is thread-safe because it creates its own ECDsa.
/// </summary>
public sealed class ModelVerificationKey
{
    private readonly byte[] _spki;

    private ModelVerificationKey(byte[] spki)
    {
        _spki = spki;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki).AsSpan(0, 8));
    }

    /// <summary>16 lowercase hex digits naming the key.</summary>
    public string KeyId { get; }

    /// <summary>The SubjectPublicKeyInfo DER.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _spki;

    /// <summary>Reads a <c>PUBLIC KEY</c> (SPKI) PEM.</summary>
    /// <exception cref="ModelSigningException">Not a P-256 public key PEM.</exception>
    public static ModelVerificationKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new ModelSigningException($"The PEM is not a P-256 public key: {ex.Message}", ex);
        }

        var parameters = key.ExportParameters(false);
        if (!ModelSigningKey.IsP256(parameters.Curve))
        {
            throw new ModelSigningException("The PEM is not a P-256 (prime256v1) public key.");
        }

        return FromParameters(parameters);
    }

    /// <summary>Reads the raw 65-byte uncompressed point <c>0x04 || X || Y</c> devices hold.</summary>
    /// <exception cref="ModelSigningException">Not 65 bytes starting with 0x04, or not on the curve.</exception>
    public static ModelVerificationKey FromRawPoint(ReadOnlySpan<byte> point)
    {
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new ModelSigningException("A raw P-256 public key is 65 bytes starting with 0x04.");
        }

        try
        {
            return FromParameters(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..].ToArray() },
            });
        }
        catch (CryptographicException ex)
        {
            throw new ModelSigningException($"Not a point on P-256: {ex.Message}", ex);
        }
    }

    internal static ModelVerificationKey FromParameters(ECParameters parameters)
    {
        using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = parameters.Q });
        return new ModelVerificationKey(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The key as a <c>PUBLIC KEY</c> PEM.</summary>
    public string ExportPem() => PemEncoding.WriteString("PUBLIC KEY", _spki);

    /// <summary>The 65-byte uncompressed point <c>0x04 || X || Y</c>.</summary>
    public byte[] ExportRawPoint()
    {
        using var key = Open();
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    /// <summary>True if <paramref name="signature"/> (64-byte P1363) signs <c>SHA-256(artifact)</c> under this key.</summary>
    public bool Verify(ReadOnlySpan<byte> artifact, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureFile.SignatureBytes)
        {
            return false;
        }

        using var key = Open();
        return key.VerifyData(artifact, signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Like <see cref="Verify"/> for a digest already computed (the gateway streams large uploads).</summary>
    public bool VerifyDigest(ReadOnlySpan<byte> sha256, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureFile.SignatureBytes || sha256.Length != 32)
        {
            return false;
        }

        using var key = Open();
        return key.VerifyHash(sha256, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private ECDsa Open()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_spki, out _);
        return key;
    }
}
