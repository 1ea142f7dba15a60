// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// The hub's service REST API for twins: <c>PATCH {base}/twins/{deviceId}?api-version=2021-04-12</c> with a
/// hub-scoped service SAS in <c>Authorization</c>, through the REST resilience pipeline. The base address is
/// <see cref="IotHubOptions.RestBaseAddress"/> or <c>https://{HostName}/</c>. Thread-safe (a singleton, so the
/// circuit breaker state is shared by every call).
/// </summary>
public sealed class IotHubRestClient
{
    public const string HttpClientName = "IotHub";

    private readonly IHttpClientFactory _clients;
    private readonly IotHubTokenSource _tokens;
    private readonly ResiliencePipeline _pipeline;
    private readonly Lock _tokenLock = new();
    private SasToken? _token;

    public IotHubRestClient(IHttpClientFactory clients, IotHubTokenSource tokens, IotHubTelemetry telemetry,
        IOptions<IotHubOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _tokens = tokens;
        _pipeline = IotHubResilience.Create(IotHubResilience.RestPipeline, options.Value, telemetry, time);
    }

    /// <summary>The base address used when none is configured.</summary>
    public static Uri DefaultBaseAddress(string hostName) => new($"https://{hostName}/");

    /// <summary>Merges <paramref name="patch"/> into the twin (the service side may write <c>tags</c> and <c>properties.desired</c>).</summary>
    /// <exception cref="InvalidOperationException">The hub refused the patch (4xx other than 429): not retried.</exception>
    public async Task PatchTwinAsync(string deviceId, JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(patch);
        var body = patch.ToJsonString();
        await _pipeline.ExecuteAsync(async ct =>
        {
            var http = _clients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Patch,
                $"twins/{Uri.EscapeDataString(deviceId)}?api-version={IotHubDeviceConnection.ApiVersion}")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            // TryAddWithoutValidation: the SAS scheme's '=' and '&' trip the typed header parser.
            request.Headers.TryAddWithoutValidation("Authorization", ServiceToken().Value);
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                throw new IotHubBridgeException($"IoT Hub twin PATCH for {deviceId}: {(int)response.StatusCode}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"IoT Hub refused the twin PATCH for {deviceId}: {(int)response.StatusCode}");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private SasToken ServiceToken()
    {
        lock (_tokenLock)
        {
            if (_token is null || _tokens.IsDueForRenewal(_token))
            {
                _token = _tokens.CreateServiceToken();
            }

            return _token;
        }
    }
}
