// SPDX-License-Identifier: MIT

namespace Fleet.Gateway.Storage;

/// <summary>Registers the store chosen by <c>Storage:Provider</c>, its migrations, health check and retention.</summary>
public static class StorageExtensions
{
    /// <summary>
    /// Adds <see cref="FleetDatabase"/> and <see cref="IFleetStore"/> (SQLite or PostgreSQL, chosen when the options are read), <see cref="StoreResilience"/>, the <c>store</c> health
    /// check and two hosted services in this order: <see cref="DatabaseInitializer"/> (call this before any other
    /// hosted service is added) and <see cref="TelemetryRetentionService"/>.
    /// </summary>
    public static IServiceCollection AddFleetStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<FleetDatabase>();
        services.AddSingleton<IFleetStore, FleetStore>();
        services.AddSingleton<StoreHealthCheck>();
        services.AddSingleton<StoreResilience>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name);
        services.AddSingleton<TelemetryRetentionService>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryRetentionService>());
        return services;
    }
}
