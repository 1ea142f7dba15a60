// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// An IoT Hub shared access signature: <c>SharedAccessSignature sr={URL-encoded resourceURI}&amp;sig={signature}&amp;se={expiry}[&amp;skn={policyName}]</c>,
/// where signature = URL-encode(Base64(HMAC-SHA256(Base64Decode(key), URL-encode(resourceURI) + "\n" + expiry))).
/// </summary>
/// <param name="Value">The whole token, as sent in the MQTT password or the HTTP Authorization header.</param>
/// <param name="ExpiresAt">The <c>se</c> value as a time (whole seconds).</param>
public sealed record SasToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// Signs <paramref name="resourceUri"/> (e.g. <c>myhub.azure-devices.net/devices/sensor-1</c>, lower-cased
    /// here because the hub matches it lower-case) until <paramref name="expiresAt"/> (truncated to seconds).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="keyBase64"/> is not base64.</exception>
    public static SasToken Create(string resourceUri, string keyBase64, DateTimeOffset expiresAt, string? policyName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceUri);
        ArgumentException.ThrowIfNullOrEmpty(keyBase64);
        var expiry = expiresAt.ToUnixTimeSeconds();
        var se = expiry.ToString(CultureInfo.InvariantCulture);
        // WebUtility.UrlEncode is what Microsoft's own C# generator uses, so the bytes signed match the hub's.
        var encodedUri = WebUtility.UrlEncode(resourceUri.ToLowerInvariant());
        var signature = HMACSHA256.HashData(Convert.FromBase64String(keyBase64),
            Encoding.UTF8.GetBytes(encodedUri + "\n" + se));
        var token = $"SharedAccessSignature sr={encodedUri}&sig={WebUtility.UrlEncode(Convert.ToBase64String(signature))}&se={se}";
        if (!string.IsNullOrEmpty(policyName))
        {
            token += "&skn=" + policyName;
        }

        return new SasToken(token, DateTimeOffset.FromUnixTimeSeconds(expiry));
    }
}
