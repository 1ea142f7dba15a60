// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Gateway.Api;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// Steps the rollout tests take on a bare <see cref="FakeClockGateway"/> (restart tests run two gateways over one
/// data folder, so the harness's own gateway is not the one asked).
/// </summary>
internal static class RolloutGatewaySteps
{
    public static async Task<RolloutDto> GetAsync(FakeClockGateway gateway, string id) =>
        (await gateway.Http.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{id}"))!;

    /// <summary>Moves the clock in one step and waits until the engine has run a periodic pass after it.</summary>
    public static async Task AdvanceAsync(FakeClockGateway gateway, TimeSpan by)
    {
        var engine = gateway.Services.GetRequiredService<RolloutEngine>();
        await Eventually.UntilAsync(() => engine.TickCount > 0, "the rollout service's first pass after start");
        var ticks = engine.TickCount;
        gateway.Time.Advance(by);
        await Eventually.UntilAsync(() => engine.TickCount > ticks, "a rollout tick after the clock moved");
    }

    /// <summary>
    /// Rewrites a stored rollout document in place, e.g. into what an older gateway wrote, to check that it still
    /// loads.
    /// </summary>
    public static async Task RewriteStoredDocumentAsync(FakeClockGateway gateway, string id, Action<JsonObject> edit)
    {
        var database = gateway.Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT document FROM rollouts WHERE id = @id;";
        AddParameter(read, "@id", id);
        var document = JsonNode.Parse((string)(await read.ExecuteScalarAsync())!)!.AsObject();
        edit(document);
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE rollouts SET document = @doc WHERE id = @id;";
        AddParameter(write, "@doc", document.ToJsonString());
        AddParameter(write, "@id", id);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
