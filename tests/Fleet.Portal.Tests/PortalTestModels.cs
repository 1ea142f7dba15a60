// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelSigning;
using Fleet.ModelTool.Formats;

namespace Fleet.Portal.Tests;

/// <summary>
/// A small real Fleet model (q7, 8×8 RGB, with a self-test vector the device checks before activating it), as
/// Fleet.Agent.Tests builds it, plus its signature and report files written to a folder for the upload form.
/// </summary>
public static class PortalTestModels
{
    public static byte[] Model(string modelId, uint version)
    {
        var rng = new Random(7);
        var spec = new FleetModelSpec(FleetModelScheme.Q7, modelId, version,
            FleetInputSpec.Q7(8, 8, 3, NetworkResize.Bilinear, [128, 120, 110], [8, 7, 9]),
            ["no", "yes"],
            [
                new(FleetLayerOp.Conv, 8, 8, 4, 3, 3, 1, 1, 1, 1, BiasLShift: 1, OutRShift: 7,
                    Weights: Bytes(rng, 4 * 3 * 3 * 3), Bias: Bytes(rng, 4)),
                new(FleetLayerOp.Relu, 8, 8, 4),
                new(FleetLayerOp.MaxPool, 4, 4, 4, 2, 2, 2, 2),
                new(FleetLayerOp.FullyConnected, 1, 1, 2, OutRShift: 7, Weights: Bytes(rng, 2 * 64), Bias: Bytes(rng, 2)),
                new(FleetLayerOp.Softmax, 1, 1, 2),
            ]);
        var input = new sbyte[8 * 8 * 3];
        new Random(11).NextBytes((byte[])(Array)input);
        sbyte[] expected;
        using (var model = FleetModel.Load(FleetModelWriter.Write(spec)))
        {
            expected = model.Run(input);
        }

        return FleetModelWriter.Write(spec, input, expected);
    }

    /// <summary>The report part as <c>fleet-model publish --report</c> sends it (docs/model-toolchain.md).</summary>
    public static string Report(long instructions, double accuracy) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"instructionsPerInference": {{instructions}}, "instructionsSource": "qemu-mps2-an500", "accuracy": {{accuracy}}, "accuracyDataset": "portal-e2e", "accuracySamples": 500, "tool": "fleet-model 1.0"}""");

    /// <summary>Writes <c>NAME.flmd</c>, <c>NAME.flmd.sig</c> and (when given) <c>NAME.report.json</c>; returns their paths.</summary>
    public static (string Model, string Signature, string? Report) WriteFiles(string directory, string name,
        byte[] model, ModelSigningKey key, string? report)
    {
        ArgumentNullException.ThrowIfNull(key);
        Directory.CreateDirectory(directory);
        var modelPath = Path.Combine(directory, name + ".flmd");
        File.WriteAllBytes(modelPath, model);
        File.WriteAllBytes(modelPath + ".sig", key.CreateSignatureFile(model).ToUtf8());
        string? reportPath = null;
        if (report is not null)
        {
            reportPath = Path.Combine(directory, name + ".report.json");
            File.WriteAllText(reportPath, report);
        }

        return (modelPath, modelPath + ".sig", reportPath);
    }

    private static byte[] Bytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}
