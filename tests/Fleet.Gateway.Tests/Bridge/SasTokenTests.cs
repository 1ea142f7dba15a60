// SPDX-License-Identifier: MIT
using Fleet.Gateway.Bridge.IotHub;

namespace Fleet.Gateway.Tests.Bridge;

/// <summary>
/// The spec (fleet-peers-and-iot-hub.md §c) gives the SAS format and algorithm but no numeric example, so the
/// expected signatures below were computed independently with
/// <c>printf '%s\n1700000000' "$sr" | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f -binary | base64</c>.
/// </summary>
public sealed class SasTokenTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0x00..0x1f
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Create_DeviceKey_MatchesIndependentHmacWithoutSkn()
    {
        var token = SasToken.Create("myhub.azure-devices.net/devices/sensor-1", Key, Expiry);

        Assert.Equal(
            "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fsensor-1"
            + "&sig=IPRkBj1naZNQ8lPboBbobpnEB2CGSlKS6tlvihoY1L4%3D&se=1700000000",
            token.Value);
        Assert.Equal(Expiry, token.ExpiresAt);
    }

    [Fact]
    public void Create_ServicePolicy_UrlEncodesSignatureAndAppendsSkn()
    {
        var token = SasToken.Create("myhub.azure-devices.net", Key, Expiry, "service");

        // This signature contains '/' and '=', which must arrive URL-encoded.
        Assert.Equal(
            "SharedAccessSignature sr=myhub.azure-devices.net"
            + "&sig=iIzEw6hi6GK79RY5jNXO6QeQkSL%2FAx4zTmy44X2G1VY%3D&se=1700000000&skn=service",
            token.Value);
    }

    [Fact]
    public void Create_MixedCaseResource_SignsTheLowerCaseUri()
    {
        var upper = SasToken.Create("MyHub.azure-devices.net/devices/sensor-1", Key, Expiry);
        var lower = SasToken.Create("myhub.azure-devices.net/devices/sensor-1", Key, Expiry);

        Assert.Equal(lower.Value, upper.Value);
    }

    [Fact]
    public void Create_SubSecondExpiry_TruncatesToWholeSeconds()
    {
        var token = SasToken.Create("myhub.azure-devices.net", Key, Expiry.AddMilliseconds(999));

        Assert.Contains("&se=1700000000", token.Value, StringComparison.Ordinal);
        Assert.Equal(Expiry, token.ExpiresAt);
    }

    [Fact]
    public void Create_KeyNotBase64_Throws()
    {
        Assert.Throws<FormatException>(() => SasToken.Create("myhub.azure-devices.net", "not base64!", Expiry));
    }
}
