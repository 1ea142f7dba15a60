// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>Registers signed model uploads (options, trusted keys, storage, metrics).</summary>
public static class ModelsExtensions
{
    public static IServiceCollection AddFleetModels(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ModelsOptions>().BindConfiguration(ModelsOptions.SectionName);
        services.AddSingleton<TrustedKeySet>();
        services.AddSingleton<ModelRepository>();
        services.AddSingleton<ModelMetrics>();
        services.AddSingleton<ModelUploadService>();
        services.AddSingleton<FleetDeviceFacts>();
        services.AddSingleton<ModelPreviewService>();
        return services;
    }
}
