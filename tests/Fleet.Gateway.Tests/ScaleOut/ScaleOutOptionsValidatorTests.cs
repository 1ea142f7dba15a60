// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.ScaleOut;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>Scale-out is refused at start unless the broker is external and the store is PostgreSQL.</summary>
public sealed class ScaleOutOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(ScaleOutOptions scaleOut, BrokerMode mode, string provider) =>
        new ScaleOutOptionsValidator(
            Options.Create(new BrokerOptions { Mode = mode }),
            Options.Create(new StorageOptions { Provider = provider, ConnectionString = "Host=db" }))
        .Validate(null, scaleOut);

    private static ScaleOutOptions Enabled(string instanceId = "gw-0") => new() { Enabled = true, InstanceId = instanceId };

    [Fact]
    public void Validate_ExternalAndPostgres_Succeeds() =>
        Assert.True(Validate(Enabled(), BrokerMode.External, StorageOptions.Postgres).Succeeded);

    [Fact]
    public void Validate_EmbeddedBroker_FailsNamingSharedSubscriptions()
    {
        var result = Validate(Enabled(), BrokerMode.Embedded, StorageOptions.Postgres);
        Assert.True(result.Failed);
        Assert.Contains("Broker:Mode=External", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Sqlite_FailsNamingPostgres()
    {
        var result = Validate(Enabled(), BrokerMode.External, StorageOptions.Sqlite);
        Assert.True(result.Failed);
        Assert.Contains("Storage:Provider=Postgres", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gw/0")]
    [InlineData("gw+0")]
    [InlineData("a-name-that-is-far-too-long-for-an-instance-id")]
    public void Validate_BadInstanceId_Fails(string instanceId) =>
        Assert.True(Validate(Enabled(instanceId), BrokerMode.External, StorageOptions.Postgres).Failed);

    [Fact]
    public void Validate_LeaseShorterThanTwoRenewals_Fails()
    {
        var options = Enabled();
        options.RenewInterval = TimeSpan.FromSeconds(10);
        options.LeaseDuration = TimeSpan.FromSeconds(15);
        Assert.True(Validate(options, BrokerMode.External, StorageOptions.Postgres).Failed);
    }

    [Fact]
    public void Validate_Disabled_IgnoresBrokerAndStore() =>
        Assert.True(Validate(new ScaleOutOptions(), BrokerMode.Embedded, StorageOptions.Sqlite).Succeeded);

    [Fact]
    public void Validate_InstanceIdWithoutEnabled_Fails() =>
        Assert.True(Validate(new ScaleOutOptions { InstanceId = "gw-0" }, BrokerMode.External, StorageOptions.Postgres).Failed);

    [Fact]
    public void Instance_ScaleOut_SharesTheUplinkFilterAndOwnsItsClientIds()
    {
        var instance = new GatewayInstance(Options.Create(new ScaleOutOptions
        {
            Enabled = true, InstanceId = "gw-1", SharedSubscriptionGroup = "site-a",
        }));
        Assert.Equal("$share/site-a/fleet/v1/+/up/#", instance.UplinkFilter);
        Assert.NotEqual(instance.IngestClientIdOf("gw-2"), instance.IngestClientId);
        Assert.EndsWith("gw-1", instance.DownlinkClientId, StringComparison.Ordinal);
    }
}
