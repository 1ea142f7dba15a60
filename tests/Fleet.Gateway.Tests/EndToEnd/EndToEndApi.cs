// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Text.Json;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>Requests and answers of the gateway's HTTP API shared by the end-to-end tests.</summary>
public static class EndToEndApi
{
    /// <summary>The config <see cref="ConfigRequest"/> asks for, as the device receives it (first version).</summary>
    public static readonly DeviceConfig ExpectedConfig = new(1, 300, 4, 6000, DetectorKind.Smile, "smile-v2", 7, false);

    /// <summary>A valid body for <c>PUT /api/devices/{id}/config</c>.</summary>
    public static object ConfigRequest() => new
    {
        wakeInterval = "00:05:00",
        telemetryEvery = 4,
        scoreThresholdPmy = 6000,
        detector = "smile",
        modelId = "smile-v2",
        modelVersion = 7,
        reportEmpty = false,
    };

    /// <summary>A time as a query value the API parses back to the same millisecond.</summary>
    public static string Iso(DateTime time) =>
        Uri.EscapeDataString(time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Asserts the status (showing the body otherwise) and returns the parsed body; disposes the response.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
