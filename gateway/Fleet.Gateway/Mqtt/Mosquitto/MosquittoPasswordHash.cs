// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// Mosquitto's <c>$7$</c> password hash, as written by <c>mosquitto_passwd</c> 2.0:
/// <c>$7${iterations}${base64 salt}${base64 hash}</c>, PBKDF2-HMAC-SHA512 over the UTF-8 password, 12-byte salt,
/// 64-byte hash, standard base64 with padding. Pure and thread-safe.
/// </summary>
public static class MosquittoPasswordHash
{
    /// <summary>
    /// <c>mosquitto_passwd</c>'s default. Device secrets are 256 random bits, so iterations add no real strength;
    /// keeping the default keeps each CONNECT cheap for a broker that authenticates every wake.
    /// </summary>
    public const int Iterations = 101;
    public const int SaltBytes = 12;
    public const int HashBytes = 64;
    private const string Prefix = "$7$";

    /// <summary>A fresh <c>$7$</c> hash of <paramref name="password"/> with a random salt.</summary>
    public static string Create(string password) => Create(password, RandomNumberGenerator.GetBytes(SaltBytes), Iterations);

    /// <summary>The <c>$7$</c> hash of <paramref name="password"/> with a given salt (tests pin vectors with it).</summary>
    public static string Create(string password, ReadOnlySpan<byte> salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations,
            HashAlgorithmName.SHA512, HashBytes);
        return $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Whether <paramref name="encoded"/> is a well-formed <c>$7$</c> hash of <paramref name="password"/>.</summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(encoded);
        var parts = encoded.Split('$');
        // "$7$101$salt$hash" splits into "", "7", "101", salt, hash.
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != "7"
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[3]);
            var expected = Convert.FromBase64String(parts[4]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations,
                HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
