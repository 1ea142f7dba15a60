// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.Infrastructure;
using static Fleet.Gateway.Tests.EndToEnd.EndToEndApi;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// Uplinks end to end: a device provisioned through the API reports over MQTT and what it sent is read back through
/// the API; bad payloads and redeliveries are judged and nothing extra is stored. Run in every configuration of the
/// matrix (<see cref="GatewayMatrix"/>): real broker, real database, real sockets.
/// </summary>
public sealed class EndToEndIngestTests(GatewayMatrix matrix) : IClassFixture<GatewayMatrix>
{
    [GatewayMatrixTheory]
    public async Task Device_ProvisionedThroughApi_ReportsAndIsVisibleThroughTheApi(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("cam");

        var create = await gateway.Http.PostAsJsonAsync("/api/devices", new { id });
        Assert.Equal($"/api/devices/{id}", create.Headers.Location?.OriginalString);
        var created = await JsonAsync(create, HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Equal(43, secret.Length);
        Assert.Equal(HttpStatusCode.Conflict, (await gateway.Http.PostAsJsonAsync("/api/devices", new { id })).StatusCode);
        var invalid = await JsonAsync(await gateway.Http.PostAsJsonAsync("/api/devices", new { id = "bad/id" }),
            HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("id", out _));
        await gateway.UntilAcceptedAsync(id, secret);

        await using (var device = await gateway.WakeAsync(id, secret))
        {
            (ushort Mv, ushort Soc)[] samples = [(3800, 900), (3712, 815), (3750, 820)];
            for (var i = 0; i < samples.Length; i++)
            {
                await device.PublishAsync(Payloads.Telemetry(id, (uint)i + 1, batteryMv: samples[i].Mv,
                    socPm: samples[i].Soc, temperatureCc: -250, firmware: "2.0.1"));
            }

            for (uint seq = 1; seq <= 5; seq++)
            {
                await device.PublishAsync(Payloads.Detection(id, seq,
                    new DetectionBox(1, 2, 3, 4, 4000, "low"), new DetectionBox(5, 6, 7, 8, 9100, "person")) with
                {
                    Detector = seq % 2 == 0 ? DetectorKind.Smile : DetectorKind.Face,
                });
            }

            await device.PublishAsync(Payloads.Status(id, 1, DeviceState.Sleeping, nextWakeS: 600), retain: true);
        }

        await gateway.UntilJudgedAsync(9, "9 uplinks judged");
        var stats = await gateway.GetStatsAsync();
        Assert.Equal(9, stats.Accepted);
        Assert.All(stats.Rejected, r => Assert.Equal(0, r.Value));

        // List and detail: the last telemetry, the status (which came last) and the last detection.
        var listText = await gateway.Http.GetStringAsync("/api/devices");
        Assert.Contains(JsonDocument.Parse(listText).RootElement.EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        var detailText = await gateway.Http.GetStringAsync($"/api/devices/{id}");
        Assert.DoesNotContain(secret, listText + detailText, StringComparison.Ordinal);
        var d = JsonDocument.Parse(detailText).RootElement;
        Assert.Equal("sleeping", d.GetProperty("state").GetString());
        Assert.Equal(3750, d.GetProperty("batteryMv").GetInt32());
        Assert.Equal(82.0, d.GetProperty("stateOfChargePercent").GetDouble());
        Assert.Equal(-2.5, d.GetProperty("temperatureC").GetDouble());
        Assert.Equal("1.2.3", d.GetProperty("firmwareVersion").GetString());
        Assert.EndsWith("Z", d.GetProperty("lastSeen").GetString());
        var untilWake = d.GetProperty("nextWakeAt").GetDateTime() - d.GetProperty("lastSeen").GetDateTime();
        Assert.InRange(untilWake.TotalSeconds, 599, 601);
        var last = d.GetProperty("lastDetection");
        Assert.Equal("face", last.GetProperty("detector").GetString());
        Assert.Equal(2, last.GetProperty("boxes").GetInt32());
        Assert.Equal("person", last.GetProperty("topLabel").GetString());
        Assert.Equal(0.91, last.GetProperty("topScore").GetDouble(), 6);

        // Detections: keyset pages newest first, by kind, and by receive time.
        var all = new List<(uint Seq, DateTime At)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await gateway.Http.GetFromJsonAsync<JsonElement>(
                $"/api/devices/{id}/detections?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            all.AddRange(items.Select(i => (i.GetProperty("seq").GetUInt32(), i.GetProperty("receivedAt").GetDateTime())));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal([5u, 4u, 3u, 2u, 1u], all.Select(x => x.Seq));
        var smiles = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}/detections?kind=smile");
        Assert.Equal([4u, 2u], smiles.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetUInt32()));
        var from = all.Single(x => x.Seq == 2).At;
        var to = all.Single(x => x.Seq == 4).At;
        to = to > from ? to : from.AddMilliseconds(1);
        var ranged = await gateway.Http.GetFromJsonAsync<JsonElement>(
            $"/api/devices/{id}/detections?from={Iso(from)}&to={Iso(to)}");
        Assert.Equal(all.Where(x => x.At >= from && x.At < to).Select(x => x.Seq),
            ranged.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetUInt32()));

        // Telemetry series over the default range (the last day): every sample in some bucket.
        var series = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}/telemetry?bucket=1d");
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(3, points.Sum(p => p.GetProperty("samples").GetInt32()));
        Assert.Equal(3712, points.Min(p => p.GetProperty("batteryMvMin").GetInt32()));
        Assert.Equal(81.5, points.Min(p => p.GetProperty("stateOfChargePercentMin").GetDouble()));
    }

    [GatewayMatrixTheory]
    public async Task Ingest_RejectedPayloads_CountedPerReasonAndNothingStored(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("bad");
        var secret = await gateway.CreateDeviceAsync(id);
        var topic = Topics.For(id, MessageType.Telemetry);
        var valid = Payloads.Encode(Payloads.Telemetry(id, 1));
        var oversized = new byte[ProtocolLimits.MaxPayloadBytes + 1];
        oversized[0] = 0xA0;
        (string Topic, byte[] Payload, DecodeError Reason)[] rejected =
        [
            (topic, valid[..(valid.Length / 2)], DecodeError.Malformed),
            (topic, oversized, DecodeError.Oversized),
            (topic, Payloads.CraftTelemetry(id, 2, Payloads.TelemetryDamage.SchemaVersion2), DecodeError.UnsupportedVersion),
            (topic, Payloads.Encode(Payloads.Detection(id, 3)), DecodeError.TypeMismatch),
            ($"fleet/v1/{id}/up/bogus", valid, DecodeError.UnknownTopic),
            (topic, Payloads.CraftTelemetry(id, 4, Payloads.TelemetryDamage.SocOutOfRange), DecodeError.InvalidField),
        ];

        await using (var device = await gateway.WakeAsync(id, secret))
        {
            foreach (var (badTopic, payload, _) in rejected)
            {
                // The broker takes them (it does not read payloads); the gateway judges.
                var result = await device.PublishRawAsync(badTopic, payload);
                Assert.True(result.IsSuccess, $"{badTopic}: {result.ReasonCode}");
            }

            await device.PublishAsync(Payloads.Telemetry(id, 1));
        }

        await gateway.UntilJudgedAsync(rejected.Length + 1, "every payload judged");
        var stats = await gateway.GetStatsAsync();
        Assert.Equal(1, stats.Accepted);
        var expected = RejectionReasons.All.ToDictionary(RejectionReasons.Name,
            reason => (long)rejected.Count(r => r.Reason == reason));
        Assert.Equal(expected, stats.Rejected);
        Assert.Equal(1, await gateway.CountRowsAsync("telemetry"));
        Assert.Equal(0, await gateway.CountRowsAsync("detections"));
        Assert.Equal(1, await gateway.CountRowsAsync("uplink_ledger"));
    }

    [GatewayMatrixTheory]
    public async Task Ingest_SameSequenceDeliveredTwice_StoresOnceAndCountsDuplicate(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("dup");
        var secret = await gateway.CreateDeviceAsync(id);

        await using (var device = await gateway.WakeAsync(id, secret))
        {
            await device.PublishAsync(Payloads.Telemetry(id, 42));
            await device.PublishAsync(Payloads.Telemetry(id, 42));
            // The same seq of another type is another message: (device, type, seq) is the key.
            await device.PublishAsync(Payloads.Status(id, 42));
        }

        await gateway.UntilJudgedAsync(3, "every delivery judged");
        var stats = await gateway.GetStatsAsync();
        Assert.Equal(2, stats.Accepted);
        Assert.Equal(1, stats.Rejected[RejectionReasons.Name(DecodeError.Duplicate)]);
        Assert.Equal(1, await gateway.CountRowsAsync("telemetry"));
        Assert.Equal(1, await gateway.CountRowsAsync("statuses"));
    }
}
