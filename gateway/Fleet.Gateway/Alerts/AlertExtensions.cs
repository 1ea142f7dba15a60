// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Alerts;

/// <summary>Registers fleet state (liveness, drain) and alerts.</summary>
public static class AlertExtensions
{
    /// <summary>
    /// Adds the <c>FleetState</c> and <c>Alerts</c> options (validated at start), the pure evaluators, the
    /// management stores and the evaluation service. Call after the database initializers are registered: hosted
    /// services start in registration order and the first evaluation reads the database.
    /// </summary>
    public static IServiceCollection AddFleetAlerts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FleetStateOptions>().BindConfiguration(FleetStateOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DeviceLivenessEvaluator>();
        services.AddSingleton<BatteryDrainEstimator>();
        services.AddSingleton<TelemetryQueries>();
        services.AddSingleton<DetectionQueries>();
        services.AddSingleton<OtaResultQueries>();
        services.AddSingleton<DeviceConfigStore>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertRules>();
        services.AddSingleton<FleetGauges>();
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService<AlertEvaluationService>();
        return services;
    }
}
