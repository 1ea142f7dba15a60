// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;
using Xunit.Abstractions;

namespace Fleet.ModelTool.Tests.Formats;

/// <summary>
/// <c>fleet-model</c> reads a Fleet model's layer details with <see cref="FleetModelReader"/> only after the C loader
/// (the device's) accepted the file. Randomized mutations of valid files, re-sealed with their own SHA-256 so the
/// loader's checks behind the hash run, check that division of labour: the loader refuses with its own exception
/// only, and every file it accepts is read by the C# side and written back to exactly the same bytes (v1 has one
/// encoding per model, so a difference means the loader accepted a byte the format does not define).
/// </summary>
public sealed class FleetModelReaderFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 3_000;

    // Fixed seed: a failure reproduces; the message names the case and the first differing byte.
    private const int Seed = 0xF1AD;

    private static readonly uint[] InterestingWords = [0, 1, 2, 3, 4, 7, 8, 16, 36, 64, 72, 127, 128, 255, 256, 0xFFFF, 0x8000_0000, 0xFFFF_FFFF];

    [Fact]
    public void Load_MutatedResealedModels_RefusedByTheLoaderOrReadAndRewrittenIdentically()
    {
        byte[][] seeds = [FleetModelWriter.Write(FleetTestModels.Q7()), FleetModelWriter.Write(FleetTestModels.S8())];
        var random = new Random(Seed);
        int accepted = 0, refused = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var blob = Mutate(seeds[random.Next(seeds.Length)], random);
            try
            {
                FleetModel.Inspect(blob);
            }
            catch (FleetModelLoadException)
            {
                refused++;
                continue;
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: the loader threw {ex.GetType().Name} ({ex.Message})");
            }

            accepted++;
            FleetModelSpec spec;
            try
            {
                spec = FleetModelReader.Read(blob);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: the loader accepted the file but the reader threw {ex.GetType().Name} ({ex.Message}): {Convert.ToHexString(blob)}");
                throw;
            }

            var rewritten = FleetModelWriter.Write(spec);
            var differs = rewritten.AsSpan().CommonPrefixLength(blob);
            Assert.True(rewritten.Length == blob.Length && differs == blob.Length,
                $"case {i}: the loader accepted a file that does not write back the same: {blob.Length} vs {rewritten.Length} bytes, "
                + $"first difference at byte {differs} ({(differs < blob.Length ? blob[differs] : -1)} vs "
                + $"{(differs < rewritten.Length ? rewritten[differs] : -1)}): {Convert.ToHexString(blob)}");
        }

        output.WriteLine($"{Mutations} mutations: {accepted} accepted by the loader and rewritten identically, {refused} refused");
        // Weight bytes take any value, so many mutations stay valid; header ones mostly do not.
        Assert.InRange(accepted, Mutations / 20, Mutations - (Mutations / 10));
        Assert.True(refused > Mutations / 10, $"refused {refused}");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var blob = (byte[])seed.Clone();
        for (int edits = random.Next(1, 4), e = 0; e < edits; e++)
        {
            switch (random.Next(5))
            {
                case 0: // a header, section-directory or record word set to a boundary value
                    {
                        var offset = 4 * random.Next(11, Math.Min(blob.Length, 1024) / 4);
                        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(offset), InterestingWords[random.Next(InterestingWords.Length)]);
                        break;
                    }

                case 1: // one byte in the first KiB (header, input, labels, layer records)
                    blob[random.Next(44, Math.Min(blob.Length, 1024))] = (byte)random.Next(256);
                    break;
                case 2: // one byte anywhere after the hash
                    blob[random.Next(44, blob.Length)] = (byte)random.Next(256);
                    break;
                case 3: // one bit anywhere after the hash
                    blob[random.Next(44, blob.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default: // cut or extended, flash_bytes following
                    blob = random.Next(2) == 0 ? blob[..random.Next(128, blob.Length)] : [.. blob, .. new byte[random.Next(1, 16)]];
                    BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(40), (uint)blob.Length);
                    break;
            }
        }

        SHA256.HashData(blob.AsSpan(40)).CopyTo(blob, 8);
        return blob;
    }
}
