// SPDX-License-Identifier: MIT
using System.Text;
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Tests.Import;

/// <summary>
/// Deterministic random-mutation fuzzing of the three parsers (ONNX, caffemodel, prototxt) from valid seeds: byte
/// flips, overwrites, truncations, duplications and insertions, thousands of inputs each. Any outcome but success
/// or <see cref="ModelImportException"/> fails (an index, overflow or null error would be a parser bug).
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 3000;

    [Fact]
    public void Onnx_MutationsThrowOnlyImportErrors()
    {
        byte[] seed = new TinyModels().Onnx(viewReshape: true);
        Fuzz(seed, 1, data => OnnxImporter.Import(data, null));
    }

    [Fact]
    public void Caffemodel_MutationsThrowOnlyImportErrors()
    {
        var m = new TinyModels();
        Fuzz(m.Caffemodel(), 2, data => CaffeImporter.Import(TinyModels.Prototxt, data, null));
    }

    [Fact]
    public void Prototxt_MutationsThrowOnlyImportErrors()
    {
        byte[] caffemodel = new TinyModels().Caffemodel();
        Fuzz(Encoding.UTF8.GetBytes(TinyModels.Prototxt), 3,
            data => CaffeImporter.Import(Encoding.UTF8.GetString(data.Span), caffemodel, new TensorShape(6, 6, 2)));
    }

    private static void Fuzz(byte[] seed, int rngSeed, Action<ReadOnlyMemory<byte>> parse)
    {
        var rng = new Random(rngSeed);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] data = Mutate(seed, rng);
            try
            {
                parse(data);
                accepted++;
            }
            catch (ModelImportException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {i}: {ex.GetType().Name}: {ex.Message}\n{Convert.ToBase64String(data)}");
            }
        }

        // Both outcomes must occur, or the mutations never reach the parser's checks (or never leave the seed valid).
        Assert.True(rejected > 0 && accepted > 0, $"accepted {accepted}, rejected {rejected}");
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var d = new List<byte>(seed);
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && d.Count > 0; e++)
        {
            int at = rng.Next(d.Count);
            switch (rng.Next(6))
            {
                case 0:
                    d[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    d[at] = (byte)rng.Next(256);
                    break;
                case 2:
                    d.RemoveRange(at, d.Count - at);
                    break;
                case 3:
                    d.InsertRange(at, d.GetRange(at, Math.Min(d.Count - at, 1 + rng.Next(16))));
                    break;
                case 4:
                    d.Insert(at, (byte)rng.Next(256));
                    break;
                default:
                    d.RemoveAt(at);
                    break;
            }
        }

        return d.ToArray();
    }
}
