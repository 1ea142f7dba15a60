// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Fleet.Contracts.Messages;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>A small real Fleet model (q7, 8×8 RGB) with a self-test vector, a signing key and signed offers for it.</summary>
internal static class SimTestModels
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
        byte[] plain = FleetModelWriter.Write(spec);
        var input = new sbyte[8 * 8 * 3];
        new Random(11).NextBytes((byte[])(Array)input);
        sbyte[] expected;
        using (FleetModel model = FleetModel.Load(plain))
        {
            expected = model.Run(input);
        }

        return FleetModelWriter.Write(spec, input, expected);
    }

    public static (ECDsa Key, byte[] PublicPoint) NewSigningKey()
    {
        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = key.ExportParameters(false);
        return (key, [0x04, .. p.Q.X!, .. p.Q.Y!]);
    }

    public static OtaOffer Offer(string deviceId, uint offerId, string modelId, uint version, byte[] artifact, ECDsa key, ushort chunkSize)
    {
        byte[] hash = SHA256.HashData(artifact);
        byte[] signature = key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new OtaOffer(deviceId, offerId, modelId, version, (uint)artifact.Length, hash, chunkSize, signature);
    }

    private static byte[] Bytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}
