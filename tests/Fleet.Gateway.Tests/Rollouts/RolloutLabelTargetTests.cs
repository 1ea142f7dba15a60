// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// A rollout targeted at a label (docs/rollouts.md): it takes the in-service devices carrying the label when it is
/// created, and later label changes move no device in or out.
/// </summary>
public sealed class RolloutLabelTargetTests
{
    private static async Task LabelAsync(RolloutHarness h, string id, params string[] labels)
    {
        using var response = await h.Gateway.Http.PutAsJsonAsync($"/api/devices/{id}/labels", new { labels });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> RefusedTargetAsync(RolloutHarness h, object target)
    {
        using var response = await h.Gateway.Http.PostAsJsonAsync("/api/rollouts",
            new { modelId = RolloutHarness.ModelId, modelVersion = 2, target });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("target")[0].GetString()!;
    }

    [Fact]
    public async Task Create_LabelTarget_TakesTheInServiceCarriersAtCreationOnly()
    {
        await using var h = await RolloutHarness.StartAsync();
        // Asleep (not connected): the rollout stays running with its offers waiting, so its device set can be watched.
        foreach (var id in new[] { "cam-a", "cam-b", "cam-c", "cam-d", "cam-gone" })
        {
            await h.DeviceAsync(id, connect: false);
        }

        await h.UploadAsync(2);
        await LabelAsync(h, "cam-a", "site:north", "board:h7");
        await LabelAsync(h, "cam-b", "site:south");
        await LabelAsync(h, "cam-c", "site:north");
        await LabelAsync(h, "cam-gone", "site:north");
        Assert.Equal(HttpStatusCode.NoContent, (await h.Gateway.Http.DeleteAsync("/api/devices/cam-gone")).StatusCode);

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { label = "site:north" },
            waves = new[] { new { percent = 50.0 }, new { percent = 100.0 } },
        });
        Assert.Equal(["cam-a", "cam-c"], created.Devices.Select(d => d.DeviceId).Order(StringComparer.Ordinal));

        // Relabelling afterwards moves nobody: cam-a loses the label, cam-d gains it.
        await LabelAsync(h, "cam-a", "board:h7");
        await LabelAsync(h, "cam-d", "site:north");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        var later = await h.GetAsync(created.Id);
        Assert.Equal(["cam-a", "cam-c"], later.Devices.Select(d => d.DeviceId).Order(StringComparer.Ordinal));
        Assert.Equal(2, later.WaveCount);
    }

    [Fact]
    public async Task Create_LabelTargetInvalidEmptyOrBesideAnother_400NamingTarget()
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-a", connect: false);
        await h.UploadAsync(2);
        await LabelAsync(h, "cam-a", "site:north");

        Assert.Equal("The rollout would reach no device.", await RefusedTargetAsync(h, new { label = "site:east" }));
        // Same answer as a prefix nobody matches.
        Assert.Equal("The rollout would reach no device.", await RefusedTargetAsync(h, new { deviceIdPrefix = "zz-" }));
        Assert.Contains("Site:North", await RefusedTargetAsync(h, new { label = "Site:North" }), StringComparison.Ordinal);
        var two = await RefusedTargetAsync(h, new { label = "site:north", deviceIdPrefix = "cam-" });
        Assert.Contains("exactly one", two, StringComparison.Ordinal);
        Assert.Contains("label", two, StringComparison.Ordinal);
        Assert.Contains("exactly one", await RefusedTargetAsync(h, new { label = "site:north", all = true }),
            StringComparison.Ordinal);
        Assert.Empty(await h.Engine.ListAsync(CancellationToken.None));
    }
}
