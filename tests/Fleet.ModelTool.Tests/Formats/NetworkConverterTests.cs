// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Tests.Formats;

/// <summary>
/// Every staged seed model converted by the C# converter and writer, loaded by the C loader with its hash
/// checked, must give bit-identical outputs to the .network run by the C engine in corrected mode, and turn an
/// image into the same input tensor.
/// </summary>
public sealed class NetworkConverterTests
{
    private static (byte[] Network, byte[] Fleet, FleetModelSpec Spec) Convert(string relativeModel)
    {
        byte[] network = File.ReadAllBytes(Path.Combine(TestPaths.OpenMv("models"), relativeModel));
        FleetModelSpec spec = NetworkConverter.Convert(network, "seed.test", 1, null);
        return (network, FleetModelWriter.Write(spec), spec);
    }

    [SharedDataFact]
    public void AllTwentyThreeSeedModels_AreStaged()
    {
        Assert.Equal(23, TestPaths.AllModels().Count);
    }

    [SharedDataTheory]
    [MemberData(nameof(TestPaths.ModelData), MemberType = typeof(TestPaths))]
    public void EverySeedModel_ConvertsBitIdenticalToCorrectedMode(string relativeModel)
    {
        var (networkBlob, fleetBlob, spec) = Convert(relativeModel);
        using NetworkModel network = NetworkModel.Load(networkBlob);
        using FleetModel fleet = FleetModel.Load(fleetBlob);
        Assert.Equal(network.Info.Outputs, fleet.Info.Outputs);
        Assert.Equal(network.Info.Macs, fleet.Info.Macs);
        Assert.Equal(network.InputLength, fleet.InputLength);
        Assert.Equal(FleetModelWriter.ArenaBytes(spec), fleet.Info.ArenaBytes);
        Assert.Equal(fleetBlob.Length, fleet.Info.FlashBytes);
        Assert.Equal(Enumerable.Range(0, network.Info.Outputs).Select(i => $"class{i}"), fleet.Labels);
        Assert.Equal(fleetBlob, FleetModelWriter.Write(FleetModelReader.Read(fleetBlob)));

        var rng = new Random(2024);
        var input = new sbyte[network.InputLength];
        for (int trial = 0; trial < 6; trial++)
        {
            if (trial < 2)
            {
                input.AsSpan().Fill(trial == 0 ? sbyte.MaxValue : sbyte.MinValue);
            }
            else
            {
                rng.NextBytes((byte[])(Array)input);
            }

            sbyte[] want = network.Run(input, NetworkMode.Corrected, softmax: false);
            Assert.Equal(want, fleet.Run(input));
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(TestPaths.ModelData), MemberType = typeof(TestPaths))]
    public void EverySeedModel_PreprocessesLikeCorrectedMode(string relativeModel)
    {
        var (networkBlob, fleetBlob, _) = Convert(relativeModel);
        using NetworkModel network = NetworkModel.Load(networkBlob);
        using FleetModel fleet = FleetModel.Load(fleetBlob);
        string[] images =
        [
            TestPaths.OpenMv("testdata", "dennis.pgm"),
            Directory.GetFiles(TestPaths.OpenMv("testdata", "cifar10"), "*.ppm").Order(StringComparer.Ordinal).First(),
        ];
        foreach (string path in images)
        {
            NetworkImage image = PnmReader.ReadFile(path).ToNetworkImage();
            foreach (NetworkRect? roi in new NetworkRect?[] { null, new NetworkRect(3, 5, 20, 17) })
            {
                Assert.Equal(network.Preprocess(image, roi, NetworkMode.Corrected), fleet.Preprocess(image, roi));
            }
        }
    }

    [SharedDataFact]
    public void ArenaFigures_MatchTheSpecExamples()
    {
        // docs/model-format.md, "Memory figures": the core's own seed converter gives these.
        Assert.Equal(69_704, FleetModel.Inspect(Convert(Path.Combine("v3.0", "cifar10.network")).Fleet).ArenaBytes);
        Assert.Equal(25_720, FleetModel.Inspect(Convert(Path.Combine("v3.0", "lenet.network")).Fleet).ArenaBytes);
    }

    [SharedDataFact]
    public void Labels_MustMatchTheOutputs()
    {
        byte[] network = File.ReadAllBytes(TestPaths.OpenMv("models", "v3.0", "smile.network"));
        FleetModelSpec spec = NetworkConverter.Convert(network, "seed.smile", 3, ["smile", "neutral"]);
        using FleetModel m = FleetModel.Load(FleetModelWriter.Write(spec));
        Assert.Equal(["smile", "neutral"], m.Labels);
        Assert.Throws<ModelToolException>(() => NetworkConverter.Convert(network, "seed.smile", 3, ["only-one"]));
        Assert.Throws<ModelToolException>(() => NetworkConverter.Convert(network[..100], "seed.smile", 3, null));
    }
}
