// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Sim.VirtualSensors;

/// <summary>DI registration of the demo fleet of virtual sensors.</summary>
public static class VirtualSensorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VirtualSensorFleetOptions"/> (bound from <paramref name="demoSection"/>, validated at
    /// startup) and the <see cref="VirtualSensorFleet"/> hosted service. The host must also register an
    /// <see cref="IVirtualSensorProvisioner"/>. <see cref="TimeProvider.System"/> is added unless the host already
    /// registered a <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="demoSection">The <c>Demo</c> configuration section (<see cref="VirtualSensorFleetOptions.SectionName"/>).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddVirtualSensorFleet(this IServiceCollection services, IConfiguration demoSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(demoSection);

        services.AddOptions<VirtualSensorFleetOptions>()
            .Bind(demoSection)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<VirtualSensorFleet>();
        return services;
    }
}
