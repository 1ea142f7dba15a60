// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Device secrets are 256-bit random values, so brute force is hopeless whatever the hash; PBKDF2 with a
/// per-device salt still keeps a leaked database from being replayable, and the modest iteration count keeps a
/// wake's CONNECT cheap (every sleepy device reconnects on each wake).
/// </summary>
public static class SecretHasher
{
    public const int SaltBytes = 16;
    public const int HashBytes = 32;
    public const int Iterations = 10_000;
    private const int SecretBytes = 32;

    /// <summary>A fresh secret: 32 random bytes as unpadded base64url (43 ASCII characters).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    public static byte[] Hash(string secret, ReadOnlySpan<byte> salt)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations,
            HashAlgorithmName.SHA256, HashBytes);
    }

    /// <summary>Constant-time comparison of a presented secret with the stored hash.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret, salt), expectedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
