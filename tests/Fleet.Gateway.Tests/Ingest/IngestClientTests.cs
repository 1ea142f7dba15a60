// SPDX-License-Identifier: MIT
using System.Net;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;
using MQTTnet;

namespace Fleet.Gateway.Tests.Ingest;

public sealed class IngestClientTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly string[] Devices = ["dev-a", "dev-b", "dev-c"];

    private sealed record Planned(string Publisher, string Topic, byte[] Payload, DecodeError Expected);

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Ingest_ValidPayloadsInterleavedWithThousandMutations_StoresExactlyTheValidOnesAndCountsEachReason(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var gateway = await TestGateway.StartAsync(store);
        var secrets = await gateway.ProvisionAsync(Devices);
        var random = new Random(20261124);

        var plan = new List<Planned>();
        plan.AddRange(PlanValid(200));
        plan.AddRange(PlanMutations(1000, random));
        Shuffle(plan, random);

        // Guard: every mutation the decoder sees must be judged as planned, or the counts below mean nothing.
        foreach (var item in plan)
        {
            if (item.Expected is DecodeError.None or DecodeError.UnknownTopic or DecodeError.TypeMismatch
                or DecodeError.Malformed or DecodeError.UnsupportedVersion or DecodeError.InvalidField)
            {
                Assert.Equal(item.Expected, FleetCodec.DecodeUplink(item.Topic, item.Payload).Error);
            }
        }

        var clients = new Dictionary<string, TestDevice>();
        foreach (var id in Devices)
        {
            clients[id] = await gateway.ConnectDeviceAsync(id, secrets[id]);
        }

        try
        {
            await Task.WhenAll(Devices.Select(async id =>
            {
                foreach (var item in plan.Where(p => p.Publisher == id))
                {
                    var result = await clients[id].PublishAsync(item.Topic, item.Payload);
                    if (item.Expected == DecodeError.AclDenied)
                    {
                        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
                    }
                    else
                    {
                        Assert.True(result.IsSuccess, $"{item.Topic}: {result.ReasonCode}");
                    }
                }
            }));

            const int GhostConnects = 5;
            for (var i = 0; i < GhostConnects; i++)
            {
                var code = await TestDevice.TryConnectAsync(gateway.MqttPort, "ghost-01", "ghost-01", "whatever");
                Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
            }

            var expected = RejectionReasons.All.ToDictionary(RejectionReasons.Name, _ => 0L);
            foreach (var item in plan.Where(p => p.Expected != DecodeError.None))
            {
                expected[RejectionReasons.Name(item.Expected)]++;
            }

            expected[RejectionReasons.Name(DecodeError.UnknownDevice)] += GhostConnects;
            var expectedRejected = expected.Values.Sum();

            await Eventually.UntilAsync(async () =>
            {
                var s = await gateway.GetStatsAsync();
                return s.Accepted >= 200 && s.Rejected.Values.Sum() >= expectedRejected;
            }, "all 1,200 messages judged");

            var stats = await gateway.GetStatsAsync();
            Assert.Equal(200, stats.Accepted);
            Assert.Equal(expected, stats.Rejected);
            var stored = await gateway.CountRowsAsync("telemetry") + await gateway.CountRowsAsync("detections")
                + await gateway.CountRowsAsync("statuses");
            Assert.Equal(200, stored);
            Assert.Equal(200, await gateway.CountRowsAsync("uplink_ledger"));

            var devices = await gateway.Http.GetAsync("/api/devices");
            Assert.Equal(HttpStatusCode.OK, devices.StatusCode);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static IEnumerable<Planned> PlanValid(int count)
    {
        var seq = new Dictionary<(string, MessageType), uint>();
        for (var i = 0; i < count; i++)
        {
            var id = Devices[i % Devices.Length];
            var type = (i / Devices.Length % 3) switch
            {
                0 => MessageType.Telemetry,
                1 => MessageType.Detection,
                _ => MessageType.Status,
            };
            var next = seq.GetValueOrDefault((id, type)) + 1;
            seq[(id, type)] = next;
            FleetMessage message = type switch
            {
                MessageType.Telemetry => Payloads.Telemetry(id, next),
                MessageType.Detection => Payloads.Detection(id, next, new DetectionBox(1, 2, 30, 40, 9100, "face")),
                _ => Payloads.Status(id, next, DeviceState.Sleeping, 60),
            };
            yield return new Planned(id, Topics.For(id, type), Payloads.Encode(message), DecodeError.None);
        }
    }

    private static IEnumerable<Planned> PlanMutations(int count, Random random)
    {
        for (var i = 0; i < count; i++)
        {
            var id = Devices[i % Devices.Length];
            var other = Devices[(i + 1) % Devices.Length];
            // Seqs far from the valid ones: a mutation that slipped through would show up as an extra row.
            var seq = (uint)(100_000 + i);
            var telemetryTopic = Topics.For(id, MessageType.Telemetry);
            var valid = Payloads.Encode(Payloads.Telemetry(id, seq));
            yield return (i % 12) switch
            {
                0 => new Planned(id, telemetryTopic, valid[..random.Next(1, valid.Length)], DecodeError.Malformed),
                1 => new Planned(id, telemetryTopic, [.. valid, (byte)random.Next(256)], DecodeError.Malformed),
                2 => new Planned(id, telemetryTopic,
                    Payloads.CraftTelemetry(id, seq, Payloads.TelemetryDamage.SchemaVersion2),
                    DecodeError.UnsupportedVersion),
                3 => new Planned(id, telemetryTopic, Payloads.Encode(Payloads.Detection(id, seq)),
                    DecodeError.TypeMismatch),
                4 => new Planned(id, telemetryTopic, Payloads.Encode(Payloads.Telemetry(other, seq)),
                    DecodeError.TypeMismatch),
                5 => new Planned(id, $"fleet/v1/{id}/up/" + (i % 2 == 0 ? "bogus" : "telemetry/extra"), valid,
                    DecodeError.UnknownTopic),
                6 => new Planned(id, telemetryTopic, Fill(random, 5000, first: 0xA0), DecodeError.Oversized),
                7 => new Planned(id, telemetryTopic, Fill(random, random.Next(1, 200), first: 0x1C),
                    DecodeError.Malformed),
                8 => new Planned(id, telemetryTopic,
                    Payloads.CraftTelemetry(id, seq, Payloads.TelemetryDamage.DuplicateKey), DecodeError.InvalidField),
                9 => new Planned(id, telemetryTopic,
                    Payloads.CraftTelemetry(id, seq, Payloads.TelemetryDamage.MissingKey), DecodeError.InvalidField),
                10 => new Planned(id, telemetryTopic,
                    Payloads.CraftTelemetry(id, seq, Payloads.TelemetryDamage.SocOutOfRange), DecodeError.InvalidField),
                _ => new Planned(id, Topics.For(other, MessageType.Telemetry),
                    Payloads.Encode(Payloads.Telemetry(other, seq)), DecodeError.AclDenied),
            };
        }
    }

    /// <summary>Random bytes after a fixed first byte (0x1C is a reserved CBOR header: never well-formed).</summary>
    private static byte[] Fill(Random random, int length, byte first)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] = first;
        return bytes;
    }

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
