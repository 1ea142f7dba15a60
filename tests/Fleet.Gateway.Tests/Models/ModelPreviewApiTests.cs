// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Api;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.ModelSigning;

namespace Fleet.Gateway.Tests.Models;

/// <summary>
/// <c>GET /api/models/{id}/{version}/preview</c> and <c>preview.svg</c> against a real gateway: the fleet's groups
/// come from the registered devices' configs, the figures from the uploads' reports, the math from Fleet.Sim.Preview.
/// </summary>
public sealed class ModelPreviewApiTests : IAsyncLifetime
{
    private const string Key = "preview-test-key";
    private readonly TempDirectory _dir = new();
    private ModelSigningKey _key = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        (_key, var pub) = TestModels.NewKey(_dir.Path);
        _gateway = await TestGateway.StartAsync(Path.Combine(_dir.Path, "data"), $"--Models:TrustedKeys:0={pub}",
            $"--Api:OperatorKey={Key}");
        _gateway.Http.DefaultRequestHeaders.Add("X-Fleet-Key", Key);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Groups_by_detector_and_interval_and_a_costlier_candidate_shortens_every_life()
    {
        await UploadAsync(1, 7_000_000);
        await UploadAsync(2, 21_000_000);
        await _gateway.ProvisionAsync("cam-a", "cam-b", "cam-c", "heat-1", "silent");
        await ConfigureAsync("cam-a", "smile", 60);
        await ConfigureAsync("cam-b", "smile", 60);
        await ConfigureAsync("cam-c", "face", 300);
        await ConfigureAsync("heat-1", "thermalPerson", 600);

        var preview = await GetAsync("/api/models/smile/2/preview?against=1");

        Assert.Equal((1u, 1), (preview.AgainstVersion, preview.UnconfiguredDevices));
        Assert.Equal([("face every 300 s", 1), ("smile every 60 s", 2), ("thermalPerson every 600 s", 1)],
            preview.Groups.Select(g => (g.Name, g.Devices)).OrderBy(g => g.Name, StringComparer.Ordinal));
        Assert.Equal((21_000_000L, 7_000_000L), (preview.Candidate.InstructionsPerInference, preview.Current!.InstructionsPerInference));
        Assert.True(preview.Candidate.MillijoulesPerInference > preview.Current.MillijoulesPerInference);
        Assert.All(preview.Groups, g =>
        {
            Assert.Equal(7_000_000L, g.CurrentInstructions);
            Assert.True(g.DifferenceDays < 0, $"{g.Name}: {g.CurrentLifeDays} -> {g.CandidateLifeDays}");
            Assert.Equal(g.CandidateLifeDays - g.CurrentLifeDays, g.DifferenceDays, 9);
        });
        // One inference per wake: the shorter interval runs the CNN more often and loses more.
        var smile = preview.Groups.Single(g => g.Name.StartsWith("smile", StringComparison.Ordinal));
        var face = preview.Groups.Single(g => g.Name.StartsWith("face", StringComparison.Ordinal));
        Assert.Equal(86_400.0 / 60, smile.InferencesPerDay, 6);
        Assert.True(smile.DifferencePct < face.DifferencePct);

        // The same model against itself changes nothing.
        var same = await GetAsync("/api/models/smile/2/preview?against=2");
        Assert.All(same.Groups, g => Assert.Equal(0.0, g.DifferenceDays));
    }

    [Fact]
    public async Task Default_against_is_the_version_most_devices_run()
    {
        await UploadAsync(1, 9_000_000);
        await UploadAsync(2, 8_000_000);
        await UploadAsync(3, 5_000_000);
        var secrets = await _gateway.ProvisionAsync("d1", "d2", "d3", "other");
        foreach (var id in new[] { "d1", "d2", "d3", "other" })
        {
            await ConfigureAsync(id, "smile", 120);
        }

        await SendTelemetryAsync("d1", secrets["d1"], "smile", 2);
        await SendTelemetryAsync("d2", secrets["d2"], "smile", 2);
        await SendTelemetryAsync("d3", secrets["d3"], "smile", 1);
        await SendTelemetryAsync("other", secrets["other"], "face-v1", 3);

        var preview = await GetAsync("/api/models/smile/3/preview");

        Assert.Equal(2u, preview.AgainstVersion);
        // Only the devices running model 'smile' are in scope.
        Assert.Equal(3, preview.Groups.Sum(g => g.Devices));
        Assert.Contains("3 devices running model 'smile'", preview.Scope, StringComparison.Ordinal);
        Assert.All(preview.Groups, g => Assert.True(g.DifferenceDays > 0));
    }

    [Fact]
    public async Task Svg_plots_the_same_preview()
    {
        await UploadAsync(1, 7_000_000);
        await UploadAsync(2, 9_000_000);
        await _gateway.ProvisionAsync("cam");
        await ConfigureAsync("cam", "smile", 60);

        using var response = await _gateway.Http.GetAsync("/api/models/smile/2/preview.svg?against=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("smile every 60 s", svg, StringComparison.Ordinal);
        Assert.Contains("smile v2", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_model_figures_or_fleet_are_clear_problems()
    {
        await UploadAsync(1, 7_000_000);
        var unmeasured = TestModels.Build("smile", 2, seed: 2);
        await TestModels.UploadAsync(_gateway.Http, _key, unmeasured);

        // No device has a config yet: nothing to preview.
        await AssertProblemAsync("/api/models/smile/1/preview", HttpStatusCode.Conflict, "config");

        await _gateway.ProvisionAsync("cam");
        await ConfigureAsync("cam", "smile", 60);
        await AssertProblemAsync("/api/models/smile/9/preview", HttpStatusCode.NotFound, "version 9");
        await AssertProblemAsync("/api/models/smile/1/preview?against=7", HttpStatusCode.NotFound, "version 7");
        await AssertProblemAsync("/api/models/smile/2/preview", HttpStatusCode.UnprocessableEntity, "without a report");
        await AssertProblemAsync("/api/models/smile/1/preview?against=2", HttpStatusCode.UnprocessableEntity, "without a report");
        await AssertProblemAsync("/api/models/smile/2/preview.svg", HttpStatusCode.UnprocessableEntity, "without a report");

        // With no other version running, the preview compares with the configurations' own CNN figure.
        var alone = await GetAsync("/api/models/smile/1/preview");
        Assert.Null(alone.AgainstVersion);
        Assert.Null(alone.Current);
        Assert.Contains("whole fleet", alone.Scope, StringComparison.Ordinal);
    }

    private async Task UploadAsync(uint version, long instructions)
    {
        var model = TestModels.Build("smile", version, seed: (int)version);
        using var form = ModelReports.Form(_key, model, ModelReports.Json(instructions));
        using var response = await _gateway.Http.PostAsync("/api/models", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task ConfigureAsync(string deviceId, string detector, int wakeIntervalS)
    {
        using var response = await _gateway.Http.PutAsJsonAsync($"/api/devices/{deviceId}/config", new
        {
            wakeInterval = TimeSpan.FromSeconds(wakeIntervalS).ToString("c"),
            telemetryEvery = 1,
            scoreThresholdPmy = 5000,
            detector,
            modelId = "smile",
            modelVersion = 1,
            reportEmpty = false,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task SendTelemetryAsync(string deviceId, string secret, string modelId, uint version)
    {
        var telemetry = Payloads.Telemetry(deviceId, 1) with { ModelId = modelId, ModelVersion = version };
        var before = (await _gateway.GetStatsAsync()).Accepted;
        await using (var device = await _gateway.ConnectDeviceAsync(deviceId, secret))
        {
            await device.PublishAsync(Topics.For(deviceId, Fleet.Contracts.Messages.MessageType.Telemetry),
                Payloads.Encode(telemetry));
        }

        await Eventually.UntilAsync(async () => (await _gateway.GetStatsAsync()).Accepted > before, "telemetry stored");
    }

    private async Task<ModelPreviewDto> GetAsync(string path)
    {
        using var response = await _gateway.Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ModelPreviewDto>())!;
    }

    private async Task AssertProblemAsync(string path, HttpStatusCode status, string detailPart)
    {
        using var response = await _gateway.Http.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(detailPart, doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
