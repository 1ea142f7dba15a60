// SPDX-License-Identifier: MIT
using Fleet.Gateway.Bridge.IotHub;

namespace Fleet.Gateway.Tests.Bridge;

public sealed class IotHubOptionsValidatorTests
{
    [Fact]
    public void Validate_Disabled_SucceedsWithNothingSet()
    {
        Assert.True(new IotHubOptionsValidator().Validate(null, new IotHubOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EnabledWithoutHostOrKeys_FailsWithoutEchoingKeys()
    {
        var result = new IotHubOptionsValidator().Validate(null, new IotHubOptions
        {
            Enabled = true,
            ServicePolicyKey = "secret-not-base64!",
            RenewBefore = TimeSpan.FromHours(2),
        });

        Assert.True(result.Failed);
        Assert.Contains("HostName", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("DeviceKeys", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("RenewBefore", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-not-base64", result.FailureMessage, StringComparison.Ordinal);
    }
}
