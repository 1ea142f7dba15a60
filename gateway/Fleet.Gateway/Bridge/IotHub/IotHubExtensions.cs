// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>Registers the IoT Hub bridge (docs/iot-hub-bridge.md).</summary>
public static class IotHubExtensions
{
    /// <summary>
    /// Binds and validates <see cref="IotHubOptions"/> always (so a typo in a disabled section is harmless but a
    /// bad enabled one stops startup); registers the bridge only when <c>IotHub:Enabled</c> is true.
    /// </summary>
    public static IServiceCollection AddIotHubBridge(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IotHubOptions>().BindConfiguration(IotHubOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<IotHubOptions>, IotHubOptionsValidator>();
        if (!configuration.GetValue<bool>($"{IotHubOptions.SectionName}:{nameof(IotHubOptions.Enabled)}"))
        {
            return services;
        }

        services.AddSingleton<IotHubTelemetry>();
        services.AddSingleton<IotHubTokenSource>();
        services.AddSingleton<IotHubForwardQueue>();
        services.AddSingleton<IUplinkCommitObserver>(sp => sp.GetRequiredService<IotHubForwardQueue>());
        services.AddHttpClient(IotHubRestClient.HttpClientName, (sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<IotHubOptions>>().Value;
            client.BaseAddress = options.RestBaseAddress ?? IotHubRestClient.DefaultBaseAddress(options.HostName);
        });
        services.AddSingleton<IotHubRestClient>();
        services.AddSingleton<IotHubDesiredConfigApplier>();
        services.AddSingleton<IotHubBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<IotHubBridge>());
        return services;
    }
}
