// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Fleet.ModelSigning.Tests;

public sealed class SignatureVerifierTests
{
    private static byte[] Artifact(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Signed_artifact_verifies_and_the_file_round_trips()
    {
        using var key = ModelSigningKey.Generate();
        var artifact = Artifact(18432);
        var file = SignatureFile.Parse(key.CreateSignatureFile(artifact).ToUtf8());

        var result = new SignatureVerifier([key.PublicKey]).Verify(artifact, file);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(key.KeyId, result.Key!.KeyId);
        Assert.Equal(64, result.Signature!.Length);
        Assert.Equal(18432, file.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(artifact)), file.Sha256);
        Assert.Matches("^[0-9a-f]{16}$", file.KeyId);
    }

    [Fact]
    public void Key_id_is_the_first_8_bytes_of_the_spki_hash()
    {
        using var key = ModelSigningKey.Generate();
        var spki = key.PublicKey.SubjectPublicKeyInfo.ToArray();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)[..8]), key.KeyId);
    }

    [Fact]
    public void Pem_and_raw_point_round_trip_keep_the_key_id()
    {
        using var key = ModelSigningKey.Generate();
        using var reread = ModelSigningKey.FromPem(key.ExportPrivateKeyPem());
        var publicKey = ModelVerificationKey.FromPem(key.PublicKey.ExportPem());
        var raw = key.PublicKey.ExportRawPoint();

        Assert.Equal(key.KeyId, reread.KeyId);
        Assert.Equal(key.KeyId, publicKey.KeyId);
        Assert.Equal(65, raw.Length);
        Assert.Equal(key.KeyId, ModelVerificationKey.FromRawPoint(raw).KeyId);
        Assert.Contains("-----BEGIN PRIVATE KEY-----", key.ExportPrivateKeyPem(), StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", key.PublicKey.ExportPem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_key_is_a_clear_error()
    {
        Assert.Throws<ModelSigningException>(() => ModelSigningKey.FromPem("not a pem"));
        Assert.Throws<ModelSigningException>(() => ModelVerificationKey.FromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var ex = Assert.Throws<ModelSigningException>(() => ModelSigningKey.FromPem(p384.ExportPkcs8PrivateKeyPem()));
        Assert.Contains("P-256", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ModelSigningException>(() => ModelVerificationKey.FromRawPoint(new byte[64]));
    }

    [Fact]
    public void Malformed_signature_files_are_refused_with_a_reason()
    {
        Assert.Throws<ModelSigningException>(() => SignatureFile.Parse("{"u8));
        Assert.Throws<ModelSigningException>(() => SignatureFile.Parse("{\"format\":\"fleet-signature-v1\"}"u8));
        Assert.Throws<ModelSigningException>(() => SignatureFile.Parse(new byte[SignatureFile.MaxFileBytes + 1]));
    }

    public static TheoryData<string> Failures => ["format", "algorithm", "untrusted", "size", "hash", "signature", "not64"];

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_check_names_its_failure(string what)
    {
        using var key = ModelSigningKey.Generate();
        using var other = ModelSigningKey.Generate();
        var artifact = Artifact(1000);
        var good = key.CreateSignatureFile(artifact);
        var verifier = new SignatureVerifier([key.PublicKey]);
        var flipped = (byte[])artifact.Clone();
        flipped[500] ^= 0x01;

        (SignatureFile file, byte[] bytes, VerificationFailure expected) = what switch
        {
            "format" => (good with { Format = "fleet-signature-v2" }, artifact, VerificationFailure.UnsupportedFormat),
            "algorithm" => (good with { Algorithm = "ed25519" }, artifact, VerificationFailure.UnsupportedFormat),
            "untrusted" => (other.CreateSignatureFile(artifact), artifact, VerificationFailure.UntrustedKey),
            "size" => (good, artifact[..999], VerificationFailure.HashMismatch),
            "hash" => (good, flipped, VerificationFailure.HashMismatch),
            // The right key id and hash, but r||s made by another key: only the curve check can catch it.
            "signature" => (good with { Signature = other.CreateSignatureFile(artifact).Signature }, artifact,
                VerificationFailure.BadSignature),
            _ => (good with { Signature = Convert.ToBase64String(new byte[70]) }, artifact,
                VerificationFailure.BadSignature),
        };

        var result = verifier.Verify(bytes, file);
        Assert.Equal(expected, result.Failure);
        Assert.False(result.IsValid);
        Assert.Null(result.Key);
    }

    [Fact]
    public void The_first_failure_in_documented_order_is_reported()
    {
        using var key = ModelSigningKey.Generate();
        using var other = ModelSigningKey.Generate();
        var artifact = Artifact(100);
        // Untrusted key and wrong size at once: the key check comes first.
        var file = other.CreateSignatureFile(artifact) with { SizeBytes = 1 };
        Assert.Equal(VerificationFailure.UntrustedKey, new SignatureVerifier([key.PublicKey]).Verify(artifact, file).Failure);
        Assert.Equal("untrusted_key", new SignatureVerifier([key.PublicKey]).Verify(artifact, file).Reason);
        // Unknown format and untrusted key: the format check comes first.
        Assert.Equal(VerificationFailure.UnsupportedFormat,
            new SignatureVerifier([key.PublicKey]).Verify(artifact, file with { Format = "x" }).Failure);
    }

    [Fact]
    public void Keygen_files_are_private_and_paired()
    {
        var dir = Directory.CreateTempSubdirectory("rollouts-keys-");
        try
        {
            using var key = ModelSigningKey.Generate();
            var path = Path.Combine(dir.FullName, "op.pem");
            KeyFiles.Write(key, path);

            Assert.True(File.Exists(Path.Combine(dir.FullName, "op.pub.pem")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            using var reread = ModelSigningKey.FromPem(File.ReadAllText(path));
            Assert.Equal(key.KeyId, ModelVerificationKey.FromPem(File.ReadAllText(KeyFiles.PublicPathFor(path))).KeyId);
            Assert.Equal(key.KeyId, reread.KeyId);
            Assert.Throws<IOException>(() => KeyFiles.Write(key, path));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
