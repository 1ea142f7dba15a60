// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fleet.Gateway.Models;
using Fleet.ModelSigning;

namespace Fleet.Gateway.Tests.Models;

/// <summary>
/// Randomized robustness of the three parsers an upload feeds with outside bytes before anything is stored: the
/// FLMD framing check, the <c>report</c> part and the <c>.sig</c> file. Mutations of valid parts must end in the
/// documented outcome (a header or an error text; a report or an error; a <see cref="SignatureFile"/> or a
/// <see cref="ModelSigningException"/>), never in another exception, and whatever is accepted must satisfy the
/// rules the rest of the gateway relies on.
/// </summary>
public sealed class UploadPartsFuzzTests
{
    private const int Mutations = 4_000;

    // Fixed seed: a failure reproduces; the message names the case and its bytes.
    private const int Seed = 0x5EED09;

    // Values on the header's boundaries: lengths, offsets, counts and flags that sit next to the valid ones.
    private static readonly uint[] InterestingWords =
        [0, 1, 2, 3, 4, 8, 36, 63, 64, 65, 72, 128, 164, 255, 256, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFC, 0xFFFF_FFFF];

    [Fact]
    public void FlmdInspector_MutatedResealedModels_RefusedWithAReasonOrAcceptedConsistently()
    {
        var random = new Random(Seed);
        byte[][] seeds =
        [
            TestModels.Build("person-det", 2, weightBytes: 64), TestModels.Build("smile", 7, weightBytes: 2048),
            WithSelfTest(TestModels.Build("lenet", 1, weightBytes: 256), input: 13, output: 10),
        ];
        var accepted = 0;
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Mutations; i++)
        {
            var blob = MutateModel(seeds[random.Next(seeds.Length)], random);
            FlmdHeader? header;
            string error;
            try
            {
                header = FlmdInspector.TryInspect(blob, out error);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: TryInspect threw {ex.GetType().Name} ({ex.Message}) for {Describe(blob)}");
                throw;
            }

            if (header is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(error), $"case {i}: refused without a reason: {Describe(blob)}");
                reasons.Add(error.Split(' ', 3)[0] + " " + error.Split(' ', 3).ElementAtOrDefault(1));
                continue;
            }

            accepted++;
            Assert.Equal("", error);
            Assert.Equal((uint)blob.Length, header.FlashBytes);
            Assert.InRange(header.LayerCount, (byte)1, (byte)64);
            Assert.Contains(header.Scheme, new byte[] { 1, 2 });
            Assert.Matches("^[A-Za-z0-9._-]{1,31}$", header.ModelId);
            Assert.True(SHA256.HashData(blob.AsSpan(40)).AsSpan().SequenceEqual(blob.AsSpan(8, 32)), $"case {i}: hash");
        }

        // The property only means something if both outcomes occur, and the refusals reach many different checks.
        Assert.InRange(accepted, Mutations / 50, Mutations - (Mutations / 4));
        Assert.True(reasons.Count >= 8, $"only {reasons.Count} kinds of refusal reached: {string.Join(" | ", reasons)}");
    }

    [Fact]
    public void ModelReportParser_MutatedReports_RefusedWithAReasonOrAcceptedWithinTheRules()
    {
        var random = new Random(Seed + 1);
        byte[][] seeds =
        [
            Encoding.UTF8.GetBytes(ModelReports.Json(5_476_392)),
            Encoding.UTF8.GetBytes(ModelReports.Json(7_130_000, accuracy: null)),
        ];
        var accepted = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var json = MutateText(seeds[random.Next(seeds.Length)], random);
            ModelReport? report;
            string error;
            try
            {
                report = ModelReportParser.TryParse(json, out error);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: TryParse threw {ex.GetType().Name} ({ex.Message}) for {Describe(json)}");
                throw;
            }

            if (report is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(error), $"case {i}: refused without a reason: {Describe(json)}");
                continue;
            }

            accepted++;
            Assert.InRange(report.InstructionsPerInference, 1, ModelReportParser.MaxInstructions);
            Assert.InRange(report.InstructionsSource.Length, 1, 64);
            Assert.InRange(report.Tool.Length, 1, 64);
            if (report.Accuracy is { } accuracy)
            {
                Assert.InRange(accuracy, 0.0, 1.0);
                Assert.NotNull(report.AccuracyDataset);
                Assert.True(report.AccuracySamples >= 1, $"case {i}: samples {report.AccuracySamples}");
            }
            else
            {
                Assert.Null(report.AccuracyDataset);
                Assert.Null(report.AccuracySamples);
            }
        }

        Assert.InRange(accepted, 1, Mutations - (Mutations / 4));
    }

    [Fact]
    public void SignatureFileParse_MutatedFiles_ThrowOnlyItsOwnExceptionAndDecodeSafely()
    {
        using var key = ModelSigningKey.Generate();
        var random = new Random(Seed + 2);
        var seed = key.CreateSignatureFile(TestModels.Build("smile", 3)).ToUtf8();
        var parsed = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var bytes = MutateText(seed, random);
            try
            {
                var file = SignatureFile.Parse(bytes);
                parsed++;
                Assert.NotNull(file.Format);
                Assert.NotNull(file.KeyId);
                Assert.NotNull(file.Sha256);
                var signature = file.TryDecodeSignature();
                Assert.True(signature is null || signature.Length == SignatureFile.SignatureBytes);
            }
            catch (ModelSigningException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: Parse threw {ex.GetType().Name} ({ex.Message}) for {Describe(bytes)}");
            }
        }

        Assert.InRange(parsed, 1, Mutations - (Mutations / 4));
    }

    /// <summary>
    /// One to four edits, mostly in the header and section directory, then (usually) flash_bytes set to the new
    /// length and the model's own SHA-256 recomputed: without the re-seal nearly every mutation would stop at the
    /// hash check and the checks behind it would never run.
    /// </summary>
    private static byte[] MutateModel(byte[] seed, Random random)
    {
        var blob = (byte[])seed.Clone();
        for (int edits = random.Next(1, 5), e = 0; e < edits; e++)
        {
            switch (random.Next(6))
            {
                case 0: // a header word set to a boundary value
                case 1:
                    {
                        var words = (Math.Min(blob.Length, 164) - 40) / 4;
                        var offset = 40 + (4 * random.Next(Math.Max(words, 1)));
                        if (offset + 4 <= blob.Length)
                        {
                            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(offset), InterestingWords[random.Next(InterestingWords.Length)]);
                        }

                        break;
                    }

                case 2: // one byte anywhere after the hash
                    if (blob.Length > 40)
                    {
                        blob[random.Next(40, blob.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 3: // truncate
                    blob = blob[..random.Next(blob.Length + 1)];
                    break;
                case 4: // extend
                    blob = [.. blob, .. new byte[random.Next(1, 24)]];
                    break;
                default: // the self-test flag toggled
                    if (blob.Length >= 48)
                    {
                        blob[44] ^= 1;
                    }

                    break;
            }
        }

        if (blob.Length >= 128 && random.Next(10) < 8)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(40), (uint)blob.Length);
        }

        if (blob.Length >= 40 && random.Next(10) < 9)
        {
            SHA256.HashData(blob.AsSpan(40)).CopyTo(blob, 8);
        }

        return blob;
    }

    /// <summary>Byte edits of a JSON text: flips, structural characters, digits, deletions, duplications, cuts.</summary>
    private static byte[] MutateText(byte[] seed, Random random)
    {
        const string Structural = "{}[]\":,-+.eE0123456789 nulltruefalse\\\u00ff";
        var text = new List<byte>(seed);
        for (int edits = random.Next(1, 4), e = 0; e < edits && text.Count > 0; e++)
        {
            var at = random.Next(text.Count);
            switch (random.Next(5))
            {
                case 0:
                    text[at] = (byte)Structural[random.Next(Structural.Length)];
                    break;
                case 1:
                    text[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    text.RemoveRange(at, Math.Min(random.Next(1, 8), text.Count - at));
                    break;
                case 3:
                    text.InsertRange(at, text.GetRange(at, Math.Min(random.Next(1, 12), text.Count - at)));
                    break;
                default:
                    text.RemoveRange(at, text.Count - at);
                    break;
            }
        }

        return [.. text];
    }

    private static byte[] WithSelfTest(byte[] plain, int input, int output)
    {
        var section = new byte[8 + ((input + 3) & ~3) + ((output + 3) & ~3)];
        BinaryPrimitives.WriteUInt32LittleEndian(section, (uint)input);
        BinaryPrimitives.WriteUInt32LittleEndian(section.AsSpan(4), (uint)output);
        byte[] blob = [.. plain, .. section];
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(40), (uint)blob.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(44), 1);
        SHA256.HashData(blob.AsSpan(40)).CopyTo(blob, 8);
        return blob;
    }

    private static string Describe(byte[] bytes) =>
        $"{bytes.Length} bytes, first 200 as hex: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)))}";
}
