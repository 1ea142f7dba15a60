// SPDX-License-Identifier: MIT
using Fleet.Gateway.Bridge.IotHub;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Bridge;

public sealed class IotHubTokenSourceTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private IotHubTokenSource Create(Action<IotHubOptions>? change = null)
    {
        var options = new IotHubOptions
        {
            Enabled = true,
            HostName = "myhub.azure-devices.net",
            DevicePolicyName = "device",
            DevicePolicyKey = IotHubStandIn.PolicyKey,
            ServicePolicyKey = IotHubStandIn.PolicyKey,
            TokenLifetime = TimeSpan.FromHours(1),
            RenewBefore = TimeSpan.FromMinutes(5),
        };
        change?.Invoke(options);
        return new IotHubTokenSource(Options.Create(options), _time);
    }

    [Fact]
    public void IsDueForRenewal_BeforeAndAfterRenewBeforeMargin_FlipsAtExpiryMinusMargin()
    {
        var tokens = Create();
        var token = tokens.CreateDeviceToken("sensor-1");
        Assert.Equal(_time.GetUtcNow().AddHours(1), token.ExpiresAt);

        _time.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        Assert.False(tokens.IsDueForRenewal(token));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tokens.IsDueForRenewal(token));

        var fresh = tokens.CreateDeviceToken("sensor-1");
        Assert.False(tokens.IsDueForRenewal(fresh));
        Assert.Equal(token.ExpiresAt.AddMinutes(55), fresh.ExpiresAt);
        Assert.NotEqual(token.Value, fresh.Value);
    }

    [Fact]
    public void CreateDeviceToken_PerDeviceKey_HasNoSknAndUsesThatKey()
    {
        const string ownKey = "H4sIAAAAAAAAA0tMTEpMTUpJBQAAAP//AwA=";
        var tokens = Create(o => o.DeviceKeys["sensor-2"] = ownKey);

        var own = tokens.CreateDeviceToken("sensor-2");
        var viaPolicy = tokens.CreateDeviceToken("sensor-1");

        Assert.Equal(SasToken.Create("myhub.azure-devices.net/devices/sensor-2", ownKey, own.ExpiresAt).Value, own.Value);
        Assert.DoesNotContain("&skn=", own.Value, StringComparison.Ordinal);
        Assert.EndsWith("&skn=device", viaPolicy.Value, StringComparison.Ordinal);
        Assert.Contains("sr=myhub.azure-devices.net%2Fdevices%2Fsensor-1&", viaPolicy.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateServiceToken_IsScopedToTheHubWithServicePolicy()
    {
        var token = Create().CreateServiceToken();

        Assert.StartsWith("SharedAccessSignature sr=myhub.azure-devices.net&sig=", token.Value, StringComparison.Ordinal);
        Assert.EndsWith("&skn=service", token.Value, StringComparison.Ordinal);
    }
}
