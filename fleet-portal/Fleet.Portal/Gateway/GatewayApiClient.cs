// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Portal.Gateway;

/// <summary>
/// The portal's only way to the gateway: its REST API over HTTP, in process or across the network alike. Every
/// call returns a <see cref="GatewayResult{T}"/>: the value, or the gateway's ProblemDetails (or a transport
/// failure) for the page to show. Changes carry the operator key, which never leaves the server. Split by area into
/// partial files (<c>GatewayApiClient.*.cs</c>).
/// </summary>
public sealed partial class GatewayApiClient(HttpClient http, GatewayConnection connection)
{
    /// <summary>The gateway's operator-key header.</summary>
    public const string KeyHeader = "X-Fleet-Key";

    /// <summary>The API's JSON: camelCase, case-insensitive reads.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether changes can be sent at all (an operator key is in force).</summary>
    public bool CanChange => !string.IsNullOrEmpty(connection.OperatorKey);

    /// <summary>Opens a server-sent-events stream of the gateway (headers read; the caller reads and disposes).</summary>
    public async Task<GatewayResult<HttpResponseMessage>> OpenEventStreamAsync(string relative,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, connection.Resolve(relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    return new(null, await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false));
                }
            }

            return new(response, null);
        }
        catch (HttpRequestException ex)
        {
            return new(null, Unreachable(ex));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, new GatewayProblem(504, "The gateway did not answer in time",
                $"GET {relative} sent no headers within {http.Timeout.TotalSeconds:0} s.", NoErrors));
        }
        finally
        {
            request.Dispose();
        }
    }

    private Task<GatewayResult<T>> GetAsync<T>(string relative, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, relative, null, cancellationToken);

    private Task<GatewayResult<T>> SendJsonAsync<T>(HttpMethod method, string relative, object body,
        CancellationToken cancellationToken) =>
        SendAsync<T>(method, relative, JsonContent.Create(body, body.GetType(), options: Json), cancellationToken);

    /// <summary>Sends one request; anything but GET carries the operator key.</summary>
    private async Task<GatewayResult<T>> SendAsync<T>(HttpMethod method, string relative, HttpContent? content,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, connection.Resolve(relative)) { Content = content };
        if (method != HttpMethod.Get)
        {
            var key = connection.OperatorKey;
            if (string.IsNullOrEmpty(key))
            {
                return new(default, new GatewayProblem(Microsoft.AspNetCore.Http.StatusCodes.Status401Unauthorized, "No operator key",
                    "The portal holds no gateway operator key (Portal:OperatorKey), so it cannot send changes.",
                    NoErrors));
            }

            request.Headers.Add(KeyHeader, key);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new(default, await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false));
            }

            if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(bool))
            {
                return new((T)(object)true, null);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
            return value is null
                ? new(default, new GatewayProblem(502, "Empty answer from the gateway", relative, NoErrors))
                : new(value, null);
        }
        catch (HttpRequestException ex)
        {
            return new(default, Unreachable(ex));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(default, new GatewayProblem(504, "The gateway did not answer in time",
                $"{method} {relative} timed out after {http.Timeout.TotalSeconds:0} s.", NoErrors));
        }
        catch (JsonException ex)
        {
            return new(default, new GatewayProblem(502, "Unexpected answer from the gateway",
                $"{method} {relative}: {ex.Message}", NoErrors));
        }
    }

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    // HttpClient's own message is "An error occurred while sending the request."; the socket's says why.
    private GatewayProblem Unreachable(HttpRequestException ex) =>
        new(502, "Gateway unreachable", $"{connection.BaseAddress}: {(ex.InnerException ?? ex).Message}", NoErrors);

    /// <summary>The gateway's ProblemDetails body, or a problem built from the status line when there is none.</summary>
    private static async Task<GatewayProblem> ReadProblemAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var fallbackTitle = response.ReasonPhrase ?? $"HTTP {status}";
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return new GatewayProblem(status, fallbackTitle, null, NoErrors);
            }

            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()! : fallbackTitle;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString() : null;
            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in e.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                        : [field.Value.ToString()];
                }
            }

            return new GatewayProblem(status, title, detail, errors);
        }
        catch (JsonException)
        {
            return new GatewayProblem(status, fallbackTitle, null, NoErrors);
        }
    }
}
