// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Fleet.Portal.Rendering;

namespace Fleet.Portal.Tests;

/// <summary>What the health line says for each answer of the gateway's <c>GET /api/health</c>.</summary>
public sealed class HealthBannerUnitTests
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    [Fact]
    public void Healthy_ShowsNothing() =>
        Assert.Null(HealthBanner.From(new(new GatewayHealth("Healthy",
            [new("ingest", "Healthy", null), new("store", "Healthy", null)]), null)));

    [Fact]
    public void Degraded_NamesTheCheckAndItsReason_AndLeavesHealthyChecksOut()
    {
        var banner = HealthBanner.From(new(new GatewayHealth("Degraded",
        [
            new("ingest", "Degraded", "the ingest client lost the broker and is reconnecting"),
            new("store", "Healthy", null),
        ]), null));

        Assert.NotNull(banner);
        Assert.Equal("degraded", banner.Level);
        Assert.Equal("Gateway degraded. Uplinks: the ingest client lost the broker and is reconnecting.", banner.Text);
    }

    [Fact]
    public void Unhealthy_ListsEveryFailingCheck_AndAnUnknownCheckByItsName()
    {
        var banner = HealthBanner.From(new(new GatewayHealth("Unhealthy",
        [
            new("ingest", "Degraded", "not subscribed"),
            new("store", "Unhealthy", "3 store commit(s) failed in a row"),
            new("disk", "Unhealthy", null),
        ]), null));

        Assert.NotNull(banner);
        Assert.Equal("unhealthy", banner.Level);
        Assert.Equal("Gateway unhealthy. Uplinks: not subscribed. Storage: 3 store commit(s) failed in a row. disk: unhealthy.",
            banner.Text);
    }

    [Fact]
    public void UnreachableGateway_SaysTheDataMayBeStale()
    {
        var banner = HealthBanner.From(new GatewayResult<GatewayHealth>(null,
            new GatewayProblem(502, "Gateway unreachable", "http://gw:5080/: Connection refused", NoErrors)));

        Assert.NotNull(banner);
        Assert.Equal(HealthBanner.Unreachable, banner.Level);
        Assert.Equal("The portal cannot read the gateway's health: Gateway unreachable (http://gw:5080/: Connection refused). "
            + "What the pages show may be out of date.", banner.Text);
    }
}
