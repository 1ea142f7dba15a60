// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>Registers and maps the management API (devices, data, config, alerts) and its OpenAPI document.</summary>
public static class ManagementApiExtensions
{
    /// <summary>Adds the <c>Api</c> options, the operator key and the OpenAPI document generator.</summary>
    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName);
        services.AddSingleton<OperatorKey>();
        services.AddHostedService(sp => sp.GetRequiredService<OperatorKey>());
        services.AddOpenApi();
        return services;
    }

    /// <summary>Maps the management endpoints and <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapDeviceManagementApi();
        app.MapDeviceDataApi();
        app.MapDeviceConfigApi();
        app.MapDeviceLabelsApi();
        app.MapAlertsApi();
        return app;
    }
}
