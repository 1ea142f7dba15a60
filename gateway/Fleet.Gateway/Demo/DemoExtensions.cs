// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Demo;

/// <summary>Registers the virtual sensor fleet against the embedded broker.</summary>
public static class DemoExtensions
{
    /// <summary>
    /// Adds <see cref="DemoSensorProvisioner"/> and the sim's fleet (bound from <paramref name="demoSection"/>),
    /// pointed at the broker of <see cref="BrokerOptions"/> whatever the Demo section says.
    /// </summary>
    public static IServiceCollection AddFleetDemo(this IServiceCollection services, IConfiguration demoSection)
    {
        services.AddSingleton<IVirtualSensorProvisioner, DemoSensorProvisioner>();
        services.AddVirtualSensorFleet(demoSection);
        services.AddOptions<VirtualSensorFleetOptions>()
            .PostConfigure<IOptions<BrokerOptions>>((demo, broker) =>
            {
                demo.BrokerHost = broker.Value.Host;
                demo.BrokerPort = broker.Value.Port;
            })
            .PostConfigure<Models.TrustedKeySet>((demo, trust) =>
            {
                // The demo's sensors stand in for devices flashed with the operator's key, so a model signed by
                // it and uploaded here can be rolled out to them.
                if (demo.TrustedPublicKey is null && trust.Keys.Count > 0)
                {
                    demo.TrustedPublicKey = trust.Keys[0].ExportRawPoint();
                }
            });
        return services;
    }
}
