// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>
/// Randomized robustness: mutations of valid payloads never make the decoder throw, and every mutation it
/// accepts re-encodes to exactly the mutated bytes (so nothing non-canonical slips through).
/// </summary>
public sealed class FleetCodecFuzzTests
{
    private const int Mutations = 5_000;

    // Fixed seed: a failure reproduces; the printed case index and bytes identify the input.
    private const int Seed = 0x0F1EE7;

    // Values that sit on CBOR head boundaries or are structural bytes, so mutations reach the interesting paths.
    private static readonly byte[] Interesting =
        [0x00, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1F, 0x20, 0x38, 0x3F, 0x40, 0x5F, 0x60, 0x7F, 0x80, 0x9F,
         0xA0, 0xBF, 0xC0, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFF];

    [Fact]
    public void Decode_RandomMutationsOfValidPayloads_NeverThrowsAndAcceptedOnesReencodeIdentically()
    {
        var random = new Random(Seed);
        byte[][] seeds = Samples.AllNames.Select(n => FleetCodec.Encode(Samples.Get(n))).ToArray();
        int accepted = 0;
        var errors = new HashSet<DecodeError>();

        for (int i = 0; i < Mutations; i++)
        {
            byte[] mutated = Mutate(seeds[random.Next(seeds.Length)], random);
            DecodeResult result;
            try
            {
                result = FleetCodec.Decode(mutated);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: Decode threw {ex.GetType().Name} for {Convert.ToHexString(mutated)}: {ex.Message}");
                throw;
            }

            errors.Add(result.Error);
            if (result.IsSuccess)
            {
                accepted++;
                byte[] reencoded = FleetCodec.Encode(result.Message);
                Assert.True(mutated.AsSpan().SequenceEqual(reencoded),
                    $"case {i}: accepted {Convert.ToHexString(mutated)} but re-encoded {Convert.ToHexString(reencoded)}");
            }
            else
            {
                Assert.Null(result.Message);
                Assert.False(string.IsNullOrEmpty(result.Detail));
            }
        }

        // The property only means something if both outcomes occur often enough.
        Assert.InRange(accepted, 50, Mutations - 500);
        Assert.Contains(DecodeError.Malformed, errors);
        Assert.Contains(DecodeError.InvalidField, errors);
    }

    [Fact]
    public void DecodeUplink_RandomMutationsOnTheirTopic_NeverThrows()
    {
        var random = new Random(Seed + 1);
        FleetMessage[] messages = Samples.AllNames.Select(Samples.Get).Where(m => Topics.IsUplink(m.Type)).ToArray();

        for (int i = 0; i < Mutations; i++)
        {
            FleetMessage message = messages[random.Next(messages.Length)];
            byte[] mutated = Mutate(FleetCodec.Encode(message), random);
            DecodeResult result = FleetCodec.DecodeUplink(Topics.For(message.DeviceId, message.Type), mutated);
            if (result.IsSuccess)
            {
                Assert.Equal(message.Type, result.Message.Type);
                Assert.Equal(message.DeviceId, result.Message.DeviceId);
                Assert.Equal(mutated, FleetCodec.Encode(result.Message));
            }
        }
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(Seed + 2);

        for (int i = 0; i < Mutations; i++)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = (byte)(0xA0 | random.Next(0, 16)); // mostly maps, to get past the first check
            }

            DecodeResult result = FleetCodec.Decode(bytes);
            if (result.IsSuccess)
            {
                Assert.Equal(bytes, FleetCodec.Encode(result.Message));
            }
        }
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0: // bit flip
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // insert a random byte
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2: // delete a byte
                    bytes.RemoveAt(at);
                    break;
                case 3: // truncate
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4: // overwrite with a boundary or structural byte
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 5: // small increment or decrement, which often keeps the payload valid
                    bytes[at] = (byte)(bytes[at] + (random.Next(2) == 0 ? 1 : -1));
                    break;
                default: // duplicate a short run
                    int length = Math.Min(1 + random.Next(8), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }
}
