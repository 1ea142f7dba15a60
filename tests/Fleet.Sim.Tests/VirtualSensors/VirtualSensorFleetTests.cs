// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Sim.Tests.VirtualSensors;

public sealed class VirtualSensorFleetTests
{
    [Fact]
    public async Task ExecuteAsync_OneSensorRefusedByBroker_OtherSensorsKeepWaking()
    {
        await using TestBroker broker = await TestBroker.StartAsync();
        broker.AddDevice("good-01", "right");
        broker.AddDevice("bad-01", "right");
        StubProvisioner provisioner = new(
            new VirtualSensorIdentity("bad-01", "wrong", DetectorKind.Face),
            new VirtualSensorIdentity("good-01", "right", DetectorKind.ThermalPerson));
        VirtualSensorFleetOptions options = new()
        {
            Enabled = true, SensorCount = 2, BrokerPort = broker.Port, WakeInterval = TimeSpan.FromSeconds(1), Seed = 5,
            DownlinkWindow = TimeSpan.FromMilliseconds(50),
        };
        using VirtualSensorFleet sut = new(provisioner, Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);

        await sut.StartAsync(CancellationToken.None);
        await broker.WaitForAsync(o => o.Count(m => m.Topic == Topics.For("good-01", MessageType.Status)
            && FleetCodec.Decode(m.Payload).Message is StatusMessage { State: DeviceState.Sleeping }) >= 2);
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal(2, provisioner.RequestedCount);
        Assert.DoesNotContain(broker.Observed, m => m.Topic.Contains("/bad-01/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddVirtualSensorFleet_SensorCountZero_FailsAtStartup()
    {
        IConfiguration demo = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SensorCount"] = "0" })
            .Build();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IVirtualSensorProvisioner>(new StubProvisioner());
        builder.Services.AddVirtualSensorFleet(demo);
        using IHost host = builder.Build();

        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(VirtualSensorFleetOptions.SensorCount), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddVirtualSensorFleet_DemoSection_BindsOptions()
    {
        IConfiguration demo = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SensorCount"] = "4", ["WakeInterval"] = "00:00:02", ["BrokerPort"] = "18830", ["Seed"] = "9",
                ["TimeScale"] = "60", ["Enabled"] = "true",
            })
            .Build();
        ServiceCollection services = new();
        services.AddVirtualSensorFleet(demo);
        using ServiceProvider provider = services.BuildServiceProvider();

        VirtualSensorFleetOptions options = provider.GetRequiredService<IOptions<VirtualSensorFleetOptions>>().Value;

        Assert.Equal(4, options.SensorCount);
        Assert.Equal(TimeSpan.FromSeconds(2), options.WakeInterval);
        Assert.Equal(18830, options.BrokerPort);
        Assert.Equal(9, options.Seed);
        Assert.Equal(60.0, options.TimeScale);
        Assert.True(options.Enabled);
    }

    private sealed class StubProvisioner(params VirtualSensorIdentity[] identities) : IVirtualSensorProvisioner
    {
        public int RequestedCount { get; private set; }

        public Task<IReadOnlyList<VirtualSensorIdentity>> ProvisionAsync(int count, CancellationToken cancellationToken)
        {
            RequestedCount = count;
            return Task.FromResult<IReadOnlyList<VirtualSensorIdentity>>(identities);
        }
    }
}
