using Fleet.Agent.Protocol;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Agent.Tests;

/// <summary>
/// The agent's own CBOR decoder takes the broker's bytes (desired config, OTA offer, OTA chunk). Randomized mutations
/// of the gateway's real downlinks check two things: the decoder only ever fails with <see cref="ProtocolException"/>
/// (the agent's wake loop catches that one and reports it; anything else would end the wake), and every mutation the
/// gateway's strict codec accepts as a downlink for this device is decoded by the agent to the same values, so the
/// two codecs agree on whatever a broker can carry.
/// </summary>
public sealed class AgentDownlinkFuzzTests
{
    private const string Id = "cam-07";
    private const int Mutations = 6_000;

    // Fixed seed: a failure reproduces; the message names the case and its bytes.
    private const int Seed = 0xA6E27;

    // CBOR head boundaries and structural bytes, so mutations reach lengths, types and the map's end.
    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1F, 0x20, 0x38, 0x40, 0x58, 0x59, 0x5F, 0x60, 0x78, 0x7F, 0x80,
         0xA0, 0xAB, 0xAC, 0xBF, 0xF4, 0xF5, 0xF6, 0xFF];

    [Fact]
    public void Downlinks_MutatedPayloads_OnlyProtocolErrorsAndAgreementWithTheGatewaysCodec()
    {
        byte[] sha = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        byte[] sig = Enumerable.Range(0, 64).Select(i => (byte)(200 - i)).ToArray();
        byte[][] seeds =
        [
            FleetCodec.Encode(new DesiredConfig(Id, new DeviceConfig(12, 600, 10, 700, DetectorKind.Smile, "smile", 3, false))),
            FleetCodec.Encode(new DesiredConfig(Id, new DeviceConfig(1, 86400, 1, 0, DetectorKind.ThermalPerson, "t", 1, true, 1380, 360))),
            FleetCodec.Encode(new OtaOffer(Id, 5, "person-det", 7, 20_780, sha, 1024, sig)),
            FleetCodec.Encode(new OtaChunk(Id, 5, 2048, Enumerable.Range(0, 40).Select(i => (byte)i).ToArray())),
        ];
        var random = new Random(Seed);
        int agreed = 0, refusedByBoth = 0, agentOnly = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var payload = Mutate(seeds[random.Next(seeds.Length)], random);
            var gateway = FleetCodec.Decode(payload);
            var expected = gateway.IsSuccess && gateway.Message!.DeviceId == Id ? gateway.Message : null;
            foreach (var type in new[] { MessageType.DesiredConfig, MessageType.OtaOffer, MessageType.OtaChunk })
            {
                object? decoded;
                try
                {
                    decoded = DecodeOnTheAgent(type, payload);
                }
                catch (ProtocolException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                    Assert.True(expected?.Type != type,
                        $"case {i}: the gateway's codec accepts this {type} but the agent refused it ({ex.Message}): {Hex(payload)}");
                    refusedByBoth += expected is null ? 1 : 0;
                    continue;
                }
                catch (Exception ex)
                {
                    Assert.Fail($"case {i}: decoding as {type} threw {ex.GetType().Name} ({ex.Message}) for {Hex(payload)}");
                    throw;
                }

                if (expected?.Type == type)
                {
                    AssertSame(expected, decoded, $"case {i} ({Hex(payload)})");
                    agreed++;
                }
                else
                {
                    // The agent accepted what the gateway's codec refuses. By design that may only be a value the
                    // agent's ConfigValidator judges (a range, the model id's characters), never the structure.
                    Assert.True(gateway.Error == DecodeError.InvalidField,
                        $"case {i}: the agent accepted as {type} what the gateway's codec calls {gateway.Error} "
                        + $"({gateway.Detail}): {Hex(payload)}");
                    agentOnly++;
                }
            }
        }

        Console.WriteLine($"{Mutations} mutations: {agreed} decoded alike, {refusedByBoth} refusals by both, {agentOnly} accepted by the agent only");
        // Both outcomes must occur often enough for the property to mean something.
        Assert.InRange(agreed, Mutations / 100, Mutations);
        Assert.InRange(refusedByBoth, Mutations / 2, 3 * Mutations);
        Assert.True(agentOnly <= Mutations / 20, $"the agent accepted {agentOnly} payloads the gateway's codec refuses");
    }

    private static object DecodeOnTheAgent(MessageType type, byte[] payload) => type switch
    {
        MessageType.DesiredConfig => AgentCodec.DecodeDesiredConfig(Id, payload),
        MessageType.OtaOffer => AgentCodec.DecodeOtaOffer(Id, payload),
        _ => AgentCodec.DecodeOtaChunk(Id, payload),
    };

    private static void AssertSame(FleetMessage expected, object decoded, string what)
    {
        switch (expected)
        {
            case DesiredConfig { Config: var c }:
                var s = Assert.IsType<DeviceSettings>(decoded);
                Assert.Equal(
                    (c.ConfigVersion, c.WakeIntervalS, (uint)c.TelemetryEvery, (uint)c.ScoreThresholdPmy, (uint)c.Detector,
                        c.ModelId, c.ModelVersion, c.ReportEmpty, c.QuietStartMin ?? AgentCodec.QuietHoursAbsent, c.QuietEndMin ?? AgentCodec.QuietHoursAbsent),
                    (s.ConfigVersion, s.WakeIntervalS, s.TelemetryEvery, s.ScoreThresholdPmy, s.Detector, s.ModelId,
                        s.ModelVersion, s.ReportEmpty, s.QuietStartMin, s.QuietEndMin));
                break;
            case OtaOffer o:
                var a = Assert.IsType<OtaOfferInfo>(decoded);
                Assert.True((o.OfferId, o.ModelId, o.ModelVersion, o.SizeBytes, o.ChunkSize)
                    == (a.OfferId, a.ModelId, a.ModelVersion, a.SizeBytes, a.ChunkSize), $"{what}: offer differs");
                Assert.Equal(o.Sha256.ToArray(), a.Sha256);
                Assert.Equal(o.Signature.ToArray(), a.Signature);
                break;
            case OtaChunk k:
                var b = Assert.IsType<OtaChunkInfo>(decoded);
                Assert.True((k.OfferId, k.Offset) == (b.OfferId, b.Offset), $"{what}: chunk differs");
                Assert.Equal(k.Data.ToArray(), b.Data);
                break;
            default:
                Assert.Fail($"{what}: unexpected {expected.GetType().Name}");
                break;
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (int edits = random.Next(1, 4), e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                case 1:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 6), bytes.Count - at));
                    break;
                case 4:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
