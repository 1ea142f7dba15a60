// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Models;
using Fleet.ModelSigning;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// A gateway on a fake clock with a trusted signing key, 256-byte chunks, and helpers to provision OTA devices,
/// upload signed models and drive rollouts through the HTTP API.
/// </summary>
public sealed class RolloutHarness : IAsyncDisposable
{
    public const string ModelId = "person-det";
    public const int ChunkSize = 256;

    private readonly TempDirectory _dir;
    private readonly List<OtaTestDevice> _devices = [];

    private RolloutHarness(TempDirectory dir, FakeClockGateway gateway, ModelSigningKey key)
    {
        _dir = dir;
        Gateway = gateway;
        Key = key;
    }

    public FakeClockGateway Gateway { get; }

    public ModelSigningKey Key { get; }

    public RolloutEngine Engine => Gateway.Services.GetRequiredService<RolloutEngine>();

    public static async Task<RolloutHarness> StartAsync(params string[] extraArgs)
    {
        var dir = new TempDirectory();
        var (key, pub) = TestModels.NewKey(dir.Path);
        var gateway = await FakeClockGateway.StartAsync(Path.Combine(dir.Path, "data"),
        [
            $"--Models:TrustedKeys:0={pub}",
            $"--Rollouts:ChunkSize={ChunkSize}",
            "--Rollouts:EvaluationInterval=00:00:10",
            .. extraArgs,
        ]);
        return new RolloutHarness(dir, gateway, key);
    }

    /// <summary>Provisions a device; connects it (awake, taking offers as they come) unless <paramref name="connect"/> is false.</summary>
    public async Task<OtaTestDevice> DeviceAsync(string id, bool connect = true)
    {
        var secret = await Gateway.Services.GetRequiredService<DeviceRegistry>().ProvisionAsync(id, CancellationToken.None);
        var device = new OtaTestDevice(Gateway.MqttPort, id, secret, Key.PublicKey);
        _devices.Add(device);
        if (connect)
        {
            await device.ConnectAsync();
        }

        return device;
    }

    /// <summary>Uploads version <paramref name="version"/> of the test model (signed, through the API).</summary>
    public Task UploadAsync(uint version) =>
        TestModels.UploadAsync(Gateway.Http, Key, TestModels.Build(ModelId, version, weightBytes: 1900 + (int)version * 4, seed: (int)version));

    public async Task<RolloutDto> CreateAsync(object request)
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/api/rollouts", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RolloutDto>())!;
    }

    public async Task<RolloutDto> GetAsync(string id) =>
        (await Gateway.Http.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{id}"))!;

    /// <summary>Polls the rollout until <paramref name="condition"/> holds and returns it.</summary>
    public async Task<RolloutDto> UntilAsync(string id, Func<RolloutDto, bool> condition, string what)
    {
        RolloutDto? last = null;
        await Eventually.UntilAsync(async () => condition(last = await GetAsync(id)), what);
        return last!;
    }

    public static RolloutDeviceDto Device(RolloutDto rollout, string id) => rollout.Devices.Single(d => d.DeviceId == id);

    /// <summary>Moves the fake clock and waits until the engine has run a periodic pass after it.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var step = TimeSpan.FromSeconds(10);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            var ticks = Engine.TickCount;
            Gateway.Time.Advance(step);
            await Eventually.UntilAsync(() => Engine.TickCount > ticks, "a rollout tick after the clock moved");
        }
    }

    /// <summary>Retained OTA offers the broker still holds (each device's <c>down/ota/offer</c>).</summary>
    public async Task<long> RetainedOffersAsync()
    {
        var database = Gateway.Services.GetRequiredService<Fleet.Gateway.Storage.FleetDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM retained_messages WHERE topic LIKE '%/down/ota/offer' AND length(payload) > 0;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _devices)
        {
            await d.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        Key.Dispose();
        _dir.Dispose();
    }
}
