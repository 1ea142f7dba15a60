// SPDX-License-Identifier: MIT
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Fleet.ModelSigning.Tests;

/// <summary>Holds the library to OpenSSL: key ids, signatures made by either side verify on the other.</summary>
public sealed class OpenSslCrossCheckTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rollouts-openssl-");

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    [OpenSslFact]
    public void Openssl_signature_verifies_here_and_key_ids_agree()
    {
        OpenSsl.RunOk("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", P("key.pem"));
        OpenSsl.RunOk("pkey", "-in", P("key.pem"), "-pubout", "-out", P("pub.pem"));
        var spki = OpenSsl.RunOk("pkey", "-in", P("key.pem"), "-pubout", "-outform", "DER");
        var artifact = new byte[5000];
        new Random(7).NextBytes(artifact);
        File.WriteAllBytes(P("model.flmd"), artifact);
        var der = OpenSsl.RunOk("dgst", "-sha256", "-sign", P("key.pem"), P("model.flmd"));

        var publicKey = ModelVerificationKey.FromPem(File.ReadAllText(P("pub.pem")));
        using var privateKey = ModelSigningKey.FromPem(File.ReadAllText(P("key.pem")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)[..8]), publicKey.KeyId);
        Assert.Equal(publicKey.KeyId, privateKey.KeyId);

        var file = new SignatureFile(SignatureFile.FormatV1, SignatureFile.AlgorithmEs256, publicKey.KeyId,
            Convert.ToHexStringLower(SHA256.HashData(artifact)), artifact.Length, Convert.ToBase64String(DerToP1363(der)));
        Assert.True(new SignatureVerifier([publicKey]).Verify(artifact, file).IsValid);
        artifact[0] ^= 1;
        Assert.False(new SignatureVerifier([publicKey]).Verify(artifact, file).IsValid);
    }

    [OpenSslFact]
    public void Signature_made_here_verifies_in_openssl()
    {
        using var key = ModelSigningKey.Generate();
        KeyFiles.Write(key, P("key.pem"));
        var artifact = new byte[3000];
        new Random(8).NextBytes(artifact);
        File.WriteAllBytes(P("model.flmd"), artifact);
        var file = key.CreateSignatureFile(artifact);
        File.WriteAllBytes(P("model.sig.der"), P1363ToDer(file.TryDecodeSignature()!));

        // openssl reads both files keygen wrote.
        OpenSsl.RunOk("pkey", "-in", P("key.pem"), "-noout");
        var (code, output, error) = OpenSsl.Run("dgst", "-sha256", "-verify", P("key.pub.pem"), "-signature",
            P("model.sig.der"), P("model.flmd"));
        Assert.True(code == 0, error);
        Assert.Contains("Verified OK", System.Text.Encoding.ASCII.GetString(output), StringComparison.Ordinal);

        artifact[1] ^= 1;
        File.WriteAllBytes(P("model.flmd"), artifact);
        Assert.NotEqual(0, OpenSsl.Run("dgst", "-sha256", "-verify", P("key.pub.pem"), "-signature",
            P("model.sig.der"), P("model.flmd")).Code);
    }

    private static byte[] DerToP1363(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var r = reader.ReadInteger();
        var s = reader.ReadInteger();
        var result = new byte[64];
        Fixed32(r).CopyTo(result, 0);
        Fixed32(s).CopyTo(result, 32);
        return result;
    }

    private static byte[] Fixed32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }

    private static byte[] P1363ToDer(byte[] p1363)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(p1363.AsSpan(0, 32), isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(p1363.AsSpan(32, 32), isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }
}
