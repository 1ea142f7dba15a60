// SPDX-License-Identifier: MIT
using Fleet.Gateway.Bridge;

namespace Fleet.Gateway.Rollouts;

/// <summary>Registers the rollout engine, its hosted service (also an ingest commit observer) and metrics.</summary>
public static class RolloutsExtensions
{
    public static IServiceCollection AddFleetRollouts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RolloutStore>();
        services.AddSingleton<RolloutPlanner>();
        services.AddSingleton<RolloutMetrics>();
        services.AddSingleton<IRolloutDownlink, MqttRolloutDownlink>();
        services.AddSingleton<RolloutEngine>();
        services.AddSingleton<RolloutService>();
        services.AddSingleton<IUplinkCommitObserver>(sp => sp.GetRequiredService<RolloutService>());
        services.AddHostedService(sp => sp.GetRequiredService<RolloutService>());
        return services;
    }
}
