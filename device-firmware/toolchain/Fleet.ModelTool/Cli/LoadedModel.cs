// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// A model file loaded by the C core in either format, detected by magic: "FLMD" is the Fleet format v1
/// (<see cref="FleetModel"/>, hash verified), anything else goes to the <c>.network</c> loader ("CAFE"), whose
/// error then names the bad magic. The verbs use this so they treat both formats alike.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(string path, byte[] blob, NetworkModel? network, FleetModel? fleet)
    {
        Path = path;
        Blob = blob;
        Network = network;
        Fleet = fleet;
        if (fleet is not null)
        {
            FleetSpec = FleetModelReader.Read(blob);
        }
    }

    public string Path { get; }

    public byte[] Blob { get; }

    public NetworkModel? Network { get; }

    public FleetModel? Fleet { get; }

    /// <summary>The Fleet file's layer details (null for .network).</summary>
    public FleetModelSpec? FleetSpec { get; }

    public bool IsFleet => Fleet is not null;

    public int InputLength => Fleet?.InputLength ?? Network!.InputLength;

    public int Outputs => Fleet?.Info.Outputs ?? Network!.Info.Outputs;

    public long Macs => Fleet?.Info.Macs ?? Network!.Info.Macs;

    /// <summary>Reads and loads a model, naming the file and the loader's reason on failure.</summary>
    public static LoadedModel Open(string path)
    {
        byte[] blob;
        try
        {
            blob = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"model '{path}': {Imaging.PnmReader.Describe(ex)}", ex);
        }

        if (FleetModel.HasMagic(blob))
        {
            try
            {
                return new LoadedModel(path, blob, null, FleetModel.Load(blob));
            }
            catch (FleetModelLoadException ex)
            {
                throw new ModelToolException($"Fleet model '{path}' is invalid: {ex.Message}", ex);
            }
        }

        try
        {
            return new LoadedModel(path, blob, NetworkModel.Load(blob), null);
        }
        catch (NetworkLoadException ex)
        {
            throw new ModelToolException($"model '{path}' is invalid: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The mode to run in: a .network defaults to camera; a Fleet model has only the corrected semantics (its
    /// converter targets them), so an explicit camera request is an error rather than silently ignored.
    /// </summary>
    public NetworkMode ResolveMode(NetworkMode? requested)
    {
        if (!IsFleet)
        {
            return requested ?? NetworkMode.Camera;
        }

        if (requested == NetworkMode.Camera)
        {
            throw new ModelToolException($"'{Path}' is a Fleet model: it has no camera mode (it runs the corrected semantics); drop --mode camera");
        }

        return NetworkMode.Corrected;
    }

    /// <summary>Image to input tensor: a .network with the given resize; a Fleet model as its input spec says.</summary>
    public void Preprocess(NetworkImage image, NetworkRect? roi, NetworkMode mode, NetworkResize resize, Span<sbyte> tensor)
    {
        if (Fleet is not null)
        {
            Fleet.Preprocess(image, roi, tensor);
        }
        else
        {
            Network!.Preprocess(image, roi, mode, resize, tensor);
        }
    }

    /// <summary>One inference. For a Fleet model the softmax flag only affects <see cref="Scores"/>, as in corrected mode.</summary>
    public void Run(ReadOnlySpan<sbyte> input, NetworkMode mode, bool softmax, Span<sbyte> output)
    {
        if (Fleet is not null)
        {
            Fleet.Run(input, output);
        }
        else
        {
            Network!.Run(input, mode, softmax, output);
        }
    }

    /// <summary>
    /// Float scores. .network: <c>fl_network_scores</c>. Fleet q7: the corrected scores (q/128, or the base-2
    /// softmax), the same as the .network it came from. Fleet s8 ending in a softmax: (q + 128)/256, the
    /// softmax's fixed output scale; other s8 models: as q7, because v1 stores no output scale.
    /// </summary>
    public float[] Scores(NetworkMode mode, bool softmax, ReadOnlySpan<sbyte> q)
    {
        if (FleetSpec is { Scheme: FleetModelScheme.S8 } s && s.Layers[^1].Op == FleetLayerOp.Softmax)
        {
            var scores = new float[q.Length];
            for (int i = 0; i < q.Length; i++)
            {
                scores[i] = (q[i] + 128) / 256f;
            }

            return scores;
        }

        return NetworkModel.Scores(IsFleet ? NetworkMode.Corrected : mode, softmax, q);
    }

    public void Dispose()
    {
        Fleet?.Dispose();
        Network?.Dispose();
    }
}
