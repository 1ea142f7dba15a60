// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.ModelSigning;

/// <summary>
/// The detached signature file <c>MODEL.sig</c> (docs/model-signing.md): UTF-8 JSON naming the format, the
/// algorithm, the key id, the artifact's SHA-256 and size, and the base64 64-byte <c>r || s</c> signature.
/// </summary>
public sealed record SignatureFile(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("signature")] string Signature)
{
    public const string FormatV1 = "fleet-signature-v1";
    public const string AlgorithmEs256 = "ecdsa-p256-sha256";
    public const int SignatureBytes = 64;

    /// <summary>Largest signature file read; a real one is about 250 bytes.</summary>
    public const int MaxFileBytes = 4096;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Parses a signature file. Field values are not judged here; <see cref="SignatureVerifier"/> does that.</summary>
    /// <exception cref="ModelSigningException">Not JSON, too large, or a field missing or of the wrong type.</exception>
    public static SignatureFile Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxFileBytes)
        {
            throw new ModelSigningException($"A signature file is at most {MaxFileBytes} bytes; this one has {utf8.Length}.");
        }

        SignatureFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SignatureFile>(utf8, Options);
        }
        catch (JsonException ex)
        {
            throw new ModelSigningException($"The signature file is not valid JSON: {ex.Message}", ex);
        }

        if (file is null || file.Format is null || file.Algorithm is null || file.KeyId is null
            || file.Sha256 is null || file.Signature is null)
        {
            throw new ModelSigningException(
                "The signature file lacks a field (format, algorithm, key_id, sha256, size_bytes, signature).");
        }

        return file;
    }

    /// <summary>The file's bytes as written next to the model (indented UTF-8 JSON, trailing newline).</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Options) + "\n");

    /// <summary>The 64 signature bytes, or null if <see cref="Signature"/> is not base64 of exactly 64 bytes.</summary>
    public byte[]? TryDecodeSignature()
    {
        var buffer = new byte[SignatureBytes + 3];
        return Convert.TryFromBase64String(Signature, buffer, out var written) && written == SignatureBytes
            ? buffer[..SignatureBytes]
            : null;
    }
}
