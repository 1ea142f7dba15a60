// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.ScaleOut;

/// <summary>Registers scale-out's options (validated at start), identity, leases and the liveness service.</summary>
public static class ScaleOutExtensions
{
    /// <summary>
    /// Registered in every gateway: without <c>ScaleOut:Enabled</c> the identity is the single gateway's, every lease
    /// is granted and the liveness service ends at once.
    /// </summary>
    public static IServiceCollection AddFleetScaleOut(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScaleOutOptions>().BindConfiguration(ScaleOutOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScaleOutOptions>, ScaleOutOptionsValidator>();
        services.AddSingleton<GatewayInstance>();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<ScaleOutMetrics>();
        services.AddSingleton<ScaleOutLeases>();
        services.AddSingleton<RolloutExclusion>();
        services.AddHostedService<InstanceLivenessService>();
        return services;
    }
}
