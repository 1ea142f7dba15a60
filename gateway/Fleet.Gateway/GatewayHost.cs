// SPDX-License-Identifier: MIT
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Api;
using Fleet.Gateway.Bridge.IotHub;
using Fleet.Gateway.Demo;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Models;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Mqtt.Mosquitto;
using Fleet.Gateway.Observability;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.ScaleOut;
using Fleet.Gateway.Storage;
using Fleet.Portal;

namespace Fleet.Gateway;

/// <summary>Builds the gateway application; <c>Program</c> runs it and tests start it in process.</summary>
public static class GatewayHost
{
    /// <summary>
    /// Builds the gateway from <paramref name="args"/> (<c>--demo</c>, <c>--urls</c>, <c>--Section:Key=value</c>)
    /// over <c>appsettings.json</c>. Options are validated when the host starts.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Last-minute changes to the builder (tests replace services or logging here).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = GatewayCommandLine.Normalize(args),
            // appsettings.json sits next to the binary; the current directory is only for the data directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<IngestHealthCheck>(IngestHealthCheck.Name);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayTelemetry>();
        services.AddGatewayObservability(configuration[$"{TelemetryOptions.SectionName}:Exporter"]);

        services.AddSingleton<DeviceChangeSignal>();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<DeviceReadModel>();
        services.AddSingleton<DeviceLabelStore>();
        services.AddSingleton<RejectionLogLimiter>();
        services.AddSingleton<IngestStats>();
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<InternalCredentials>();
        services.AddSingleton<GatewayClientOptions>();
        services.AddSingleton<BrokerConnectionPolicy>();
        services.AddSingleton<MosquittoReloader>();
        services.AddSingleton<MosquittoCredentialSink>();
        services.AddSingleton<IDeviceCredentialSink>(sp => sp.GetRequiredService<MosquittoCredentialSink>());
        services.AddSingleton<EmbeddedConnections>();
        services.AddSingleton<IDeviceCredentialSink, RotatedSecretDisconnector>();
        services.AddSingleton<DownlinkPublisher>();
        services.AddSingleton<RetainedMessageStore>();
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton<UplinkWriter>();
        services.AddSingleton<IngestClient>();

        // Start order matters (stop order is the reverse): schema, broker (External mode: Mosquitto's files), writer,
        // then the subscriber, so the subscriber stops first and the writer can still acknowledge what it committed.
        services.AddFleetStorage(); // store, Storage options, health check; migrations, then retention
        services.AddHostedService<ManagementSchemaInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<MosquittoCredentialSink>());
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddHostedService(sp => sp.GetRequiredService<UplinkWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestClient>());
        services.AddFleetAlerts();
        services.AddManagementApi();
        services.AddFleetModels();
        services.AddFleetRollouts();
        services.AddFleetScaleOut(); // identity and leases; inert unless ScaleOut:Enabled

        // Retiring a device: after the registry refuses it, these run in this order. The connection is closed
        // first; the rollouts go before the retained downlinks, so an offer published meanwhile is cleared too.
        services.AddSingleton<IDeviceRetirementStep>(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddSingleton<IDeviceRetirementStep, RetiredDeviceAlerts>();
        services.AddSingleton<IDeviceRetirementStep, RetiredDeviceRollouts>();
        services.AddSingleton<IDeviceRetirementStep, RetainedDownlinkClearer>();
        services.AddSingleton<DeviceRetirement>();
        services.AddIotHubBridge(configuration); // off unless IotHub:Enabled

        // The portal calls this host's own API; it gets the operator key from here rather than from a file.
        services.AddFleetPortal(configuration, sp =>
        {
            var configured = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.OperatorKey;
            return string.IsNullOrWhiteSpace(configured) ? sp.GetRequiredService<OperatorKey>().Value : configured;
        });

        if (configuration.GetValue<bool>("Demo:Enabled"))
        {
            services.AddFleetDemo(configuration.GetSection("Demo"));
            // A demo's devices connect to the embedded broker, so the portal can show its address with a new
            // device's secret; a wildcard bind address is no place to connect to, so then it says nothing.
            services.AddOptions<PortalOptions>().PostConfigure<Microsoft.Extensions.Options.IOptions<BrokerOptions>>(
                (portal, broker) =>
                {
                    if (string.IsNullOrWhiteSpace(portal.DeviceBrokerAddress)
                        && broker.Value is { Mode: BrokerMode.Embedded, Host: not ("0.0.0.0" or "::" or "[::]") } b)
                    {
                        portal.DeviceBrokerAddress = b.Host.Contains(':', StringComparison.Ordinal)
                            ? $"[{b.Host}]:{b.Port}"
                            : $"{b.Host}:{b.Port}";
                    }
                });
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health");
        app.MapHealthApi();
        app.MapGatewayObservability(configuration[$"{TelemetryOptions.SectionName}:Exporter"]);
        app.MapDevicesApi();
        app.MapFleetDetectionsApi();
        app.MapIngestApi();
        app.MapManagementApi();
        app.MapModelsApi();
        app.MapRolloutsApi();
        app.MapFleetPortal();
        return app;
    }
}
