// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Detect;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Tests.Formats;

/// <summary>
/// The FLMD path of <c>fl_pipeline_run</c> against the .network path in corrected mode. The seed's v3.0
/// smile.network converted in memory (NetworkConverter + FleetModelWriter, hash checked on load) must give, on
/// real photos, the same Haar faces, the same clipped ROIs, the same int8 input tensors and int8 outputs per ROI,
/// and bit-identical scores and labels.
///
/// Score formula. The converted model is scheme q7 and its last layer is fully connected (a .network stores no
/// softmax layer: the seed's softmax was a forward() flag), so the FLMD path scores with
/// <c>fl_network_scores(corrected, softmax = true)</c>: the exact base-2 softmax of the int8 logits,
/// <c>score_i = 2^(q_i − max) / Σ_j 2^(q_j − max)</c> in binary32. That is precisely corrected mode's
/// <c>Net.forward(softmax=True)</c> score (docs/nn-engine.md, table row 6/7, "Fleet q7: as corrected" in
/// fl_pipeline.h), so the two must be equal bit for bit, not just close. (Only an s8 model ending in a softmax
/// layer scores as (q + 128) / 256.)
/// </summary>
public sealed class FlmdSmilePipelineTests
{
    private static string SmileNetwork => TestPaths.OpenMv("models", "v3.0", "smile.network");

    private static string Cascade => TestPaths.OpenMv("cascades", "frontalface.cascade");

    // dennis.pgm (the seed's test photo) plus photos with frontal faces: single, several, small and cut by the frame.
    private static readonly string[] Photos =
    [
        "dennis.pgm", "faces.pgm", "astronaut.pgm", "bald_guys.pgm", "messi5.pgm", "Tom_Cruise_avp_2014_4.pgm",
        "basketball1.pgm", "person.pgm", "2008_001322.pgm",
    ];

    private static (byte[] Network, byte[] Flmd) SmileBlobs()
    {
        byte[] network = File.ReadAllBytes(SmileNetwork);
        return (network, FleetModelWriter.Write(NetworkConverter.Convert(network, "seed.smile", 3, ["smile", "neutral"])));
    }

    private static IEnumerable<(string Name, NetworkImage Frame)> Frames()
    {
        foreach (string name in Photos)
        {
            string path = TestPaths.Data("faces", "images", name);
            if (!File.Exists(path))
            {
                continue;
            }

            NetworkImage gray = PnmReader.ReadFile(path).ToNetworkImage();
            yield return (name, gray);

            // The same photo as an RGB565 frame (native and camera byte order): the 1-channel net then takes the
            // firmware's Y of the expanded R, G, B, and Haar a gray copy; both model paths must still agree.
            var rgb = new ushort[gray.Width * gray.Height];
            var swapped = new ushort[rgb.Length];
            for (int i = 0; i < rgb.Length; i++)
            {
                int g = gray.Gray![i];
                rgb[i] = (ushort)(((g >> 3) << 11) | ((g >> 2) << 5) | (g >> 3));
                swapped[i] = (ushort)((rgb[i] << 8) | (rgb[i] >> 8));
            }

            yield return (name + ":rgb565", NetworkImage.FromRgb565(rgb, gray.Width, gray.Height));
            yield return (name + ":rgb565-swapped", NetworkImage.FromRgb565(swapped, gray.Width, gray.Height, swapped: true));
        }
    }

    /// <summary>The spec's corrected softmax, written out: 2^(q_i − max) / Σ 2^(q_j − max), binary32.</summary>
    private static float[] Base2Softmax(ReadOnlySpan<sbyte> q)
    {
        int max = int.MinValue;
        foreach (sbyte v in q)
        {
            max = Math.Max(max, v);
        }

        var s = new float[q.Length];
        float sum = 0f;
        for (int i = 0; i < q.Length; i++)
        {
            s[i] = MathF.ScaleB(1f, q[i] - max);
            sum += s[i];
        }

        for (int i = 0; i < q.Length; i++)
        {
            s[i] /= sum;
        }

        return s;
    }

    [SharedDataFact]
    public void ConvertedSmile_IsQ7EndingInFullyConnected_SoItScoresAsCorrectedMode()
    {
        var (network, flmd) = SmileBlobs();
        FleetModelSpec spec = FleetModelReader.Read(flmd);
        Assert.Equal(FleetModelScheme.Q7, spec.Scheme);
        Assert.Equal(FleetLayerOp.FullyConnected, spec.Layers[^1].Op);
        Assert.DoesNotContain(spec.Layers, l => l.Op == FleetLayerOp.Softmax);
        using NetworkModel net = NetworkModel.Load(network);
        using FleetModel fleet = FleetModel.Load(flmd);
        Assert.Equal(net.Info.Outputs, fleet.Info.Outputs);
        Assert.Equal(2, fleet.Info.Outputs);
    }

    [SharedDataFact]
    public void Pipeline_FlmdEqualsNetworkCorrected_OnPhotos_FacesRoisOutputsScores()
    {
        var (networkBlob, flmdBlob) = SmileBlobs();
        using HaarCascade cascade = HaarCascade.Load(File.ReadAllBytes(Cascade));
        using SmilePipeline viaNetwork = SmilePipeline.Create(cascade, networkBlob);
        using SmilePipeline viaFlmd = SmilePipeline.Create(cascade, flmdBlob);
        using NetworkModel net = NetworkModel.Load(networkBlob);
        using FleetModel fleet = FleetModel.Load(flmdBlob);
        Assert.False(viaNetwork.IsFleetModel);
        Assert.True(viaFlmd.IsFleetModel);

        SmilePipelineOptions corrected = SmilePipelineOptions.Default(HaarMode.Camera) with { NetworkMode = NetworkMode.Corrected };
        int photos = 0, classified = 0, clipped = 0, smiles = 0, nonSmiles = 0;
        foreach ((string name, NetworkImage frame) in Frames())
        {
            photos++;
            foreach (int smileOutput in new[] { 0, 1 })
            {
                SmilePipelineOptions o = corrected with { SmileOutput = smileOutput };
                PipelineResult a = viaNetwork.Run(frame, o);
                PipelineResult b = viaFlmd.Run(frame, o);

                // Same detection (the model cannot influence it) and the same faces, ROIs, scores and labels.
                Assert.Equal(a.Detected, b.Detected);
                Assert.Equal(a.Stats, b.Stats);
                Assert.Equal(a.Faces.Count, b.Faces.Count);
                for (int i = 0; i < a.Faces.Count; i++)
                {
                    PipelineFace fa = a.Faces[i], fb = b.Faces[i];
                    string where = $"{name} face {i} output {smileOutput}";
                    Assert.True(fa.Face == fb.Face, $"{where}: box {fa.Face} vs {fb.Face}");
                    Assert.True(fa.Roi == fb.Roi, $"{where}: roi {fa.Roi} vs {fb.Roi}");
                    Assert.True(BitEqual(fa.Score, fb.Score), $"{where}: score {fa.Score} (.network corrected) vs {fb.Score} (FLMD)");
                    Assert.Equal(fa.Smile, fb.Smile);
                    if (fa.Roi is not { } roi)
                    {
                        Assert.Null(fb.Score);
                        continue;
                    }

                    // Per ROI, by hand: the same int8 input tensor and int8 outputs, and the pipeline's score is
                    // the corrected base-2 softmax of those outputs.
                    sbyte[] inNet = net.Preprocess(frame, roi, NetworkMode.Corrected);
                    sbyte[] inFlmd = fleet.Preprocess(frame, roi);
                    Assert.Equal(inNet, inFlmd);
                    sbyte[] qNet = net.Run(inNet, NetworkMode.Corrected, softmax: true);
                    sbyte[] qFlmd = fleet.Run(inFlmd);
                    Assert.Equal(qNet, qFlmd);
                    float[] scores = NetworkModel.Scores(NetworkMode.Corrected, softmax: true, qFlmd);
                    Assert.Equal(scores[smileOutput], fb.Score);
                    Assert.Equal(Base2Softmax(qFlmd)[smileOutput], fb.Score!.Value, 6);
                    Assert.Equal(fb.Score > o.SmileThreshold, fb.Smile);
                    if (smileOutput == 0)
                    {
                        classified++;
                        clipped += roi.W != fa.Face.W * 7 / 10 || roi.H != fa.Face.W * 7 / 10 ? 1 : 0;
                        smiles += fb.Smile == true ? 1 : 0;
                        nonSmiles += fb.Smile == false ? 1 : 0;
                    }
                }
            }
        }

        // Enough real material that the comparison means something: several photos, many faces, both labels.
        Assert.True(photos >= 3 * 6, $"only {photos} frames");
        Assert.True(classified >= 20, $"only {classified} classified faces");
        Assert.True(smiles > 0 && nonSmiles > 0, $"smile {smiles} / no smile {nonSmiles}: want both labels exercised");
        _ = clipped;
    }

    [SharedDataFact]
    public void Pipeline_Flmd_ScoresAreTheCorrectedSoftmax_NotCameraMode()
    {
        // The FLMD path is corrected semantics whatever NetworkMode says (that option is .network-only), and on
        // dennis.pgm camera-mode scores differ from it, so the equality above is not vacuous.
        var (networkBlob, flmdBlob) = SmileBlobs();
        using HaarCascade cascade = HaarCascade.Load(File.ReadAllBytes(Cascade));
        using SmilePipeline viaNetwork = SmilePipeline.Create(cascade, networkBlob);
        using SmilePipeline viaFlmd = SmilePipeline.Create(cascade, flmdBlob);
        NetworkImage dennis = PnmReader.ReadFile(TestPaths.Data("faces", "images", "dennis.pgm")).ToNetworkImage();
        SmilePipelineOptions camera = SmilePipelineOptions.Default(HaarMode.Camera);
        Assert.Equal(NetworkMode.Camera, camera.NetworkMode);

        PipelineResult flmdDefault = viaFlmd.Run(dennis, camera);
        PipelineResult flmdCorrected = viaFlmd.Run(dennis, camera with { NetworkMode = NetworkMode.Corrected });
        PipelineResult netCamera = viaNetwork.Run(dennis, camera);
        Assert.Equal(2, flmdDefault.Faces.Count);
        Assert.Equal(flmdDefault.Faces.Select(f => f.Score), flmdCorrected.Faces.Select(f => f.Score));
        Assert.NotEqual(netCamera.Faces.Select(f => f.Score), flmdDefault.Faces.Select(f => f.Score));
        Assert.All(flmdDefault.Faces, f => Assert.InRange(f.Score!.Value, 0f, 1f));
    }

    [SharedDataFact]
    public void Pipeline_FlmdQ7EndingInSoftmax_ScoresTheQ07Value_NotASecondSoftmax()
    {
        // The converted smile net plus an explicit q7 softmax layer (arm_softmax_q7, Q0.7 output, as
        // docs/model-format.md defines op 8 for q7). Its outputs are already probabilities, so the pipeline's score
        // is q / 128 (docs/nn-engine.md, corrected scores without softmax), not the base-2 softmax again.
        byte[] networkBlob = File.ReadAllBytes(SmileNetwork);
        FleetModelSpec plain = NetworkConverter.Convert(networkBlob, "seed.smile.sm", 1, null);
        FleetLayerSpec fc = plain.Layers[^1];
        FleetModelSpec withSoftmax = plain with
        {
            Layers = [.. plain.Layers, new FleetLayerSpec(FleetLayerOp.Softmax, fc.OutHeight, fc.OutWidth, fc.OutChannels)],
        };
        byte[] flmd = FleetModelWriter.Write(withSoftmax);
        using HaarCascade cascade = HaarCascade.Load(File.ReadAllBytes(Cascade));
        using SmilePipeline viaFlmd = SmilePipeline.Create(cascade, flmd);
        using NetworkModel net = NetworkModel.Load(networkBlob);
        using FleetModel fleet = FleetModel.Load(flmd);
        SmilePipelineOptions o = SmilePipelineOptions.Default(HaarMode.Camera) with { NetworkMode = NetworkMode.Corrected };
        int checkedFaces = 0, differsFromDoubleSoftmax = 0;
        foreach (string name in new[] { "dennis.pgm", "faces.pgm", "bald_guys.pgm" })
        {
            NetworkImage frame = PnmReader.ReadFile(TestPaths.Data("faces", "images", name)).ToNetworkImage();
            foreach (PipelineFace f in viaFlmd.Run(frame, o).Faces.Where(f => f.Roi is not null))
            {
                sbyte[] logits = net.Run(net.Preprocess(frame, f.Roi, NetworkMode.Corrected), NetworkMode.Corrected, softmax: false);
                var probs = new sbyte[logits.Length];
                Fleet.ModelTool.Reference.RefQ7.Softmax(logits, probs);
                Assert.Equal(probs, fleet.Run(fleet.Preprocess(frame, f.Roi)));
                Assert.Equal(probs[0] / 128f, f.Score);
                Assert.Equal(probs[0] / 128f > o.SmileThreshold, f.Smile);
                differsFromDoubleSoftmax += Base2Softmax(probs)[0] != f.Score ? 1 : 0;
                checkedFaces++;
            }
        }

        Assert.True(checkedFaces >= 5, $"only {checkedFaces} faces");
        Assert.True(differsFromDoubleSoftmax > 0, "no face where a second softmax would have changed the score");
    }

    private static bool BitEqual(float? x, float? y) =>
        x is null ? y is null : y is not null && BitConverter.SingleToInt32Bits(x.Value) == BitConverter.SingleToInt32Bits(y.Value);
}
