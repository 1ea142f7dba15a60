// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>
/// One layer of the float IR, already in Fleet's layouts so the quantizers never re-order: activations HWC;
/// conv weights OHWI [out][kh][kw][in]; depthwise [kh][kw][out] (multiplier 1); fully connected [out][cols]
/// with cols in HWC order of the input (the importers re-order Caffe's and ONNX's CHW flattening). Pad is the
/// top/left padding; the bottom/right padding is whatever the output size implies (the Fleet format's rule).
/// Batch norm is already folded into the conv before it, flatten/reshape into the fully connected layer after.
/// </summary>
public sealed record FloatLayer(
    FloatOp Op,
    string Name,
    TensorShape Input,
    TensorShape Output,
    int KernelH = 0,
    int KernelW = 0,
    int StrideH = 0,
    int StrideW = 0,
    int PadH = 0,
    int PadW = 0,
    float[]? Weights = null,
    float[]? Bias = null)
{
    public bool HasWeights => Op is FloatOp.Conv or FloatOp.DepthwiseConv or FloatOp.FullyConnected;

    public bool HasWindow => Op is FloatOp.Conv or FloatOp.DepthwiseConv or FloatOp.MaxPool or FloatOp.AvgPool;

    public long Parameters => (Weights?.LongLength ?? 0) + (Bias?.LongLength ?? 0);

    public long Macs => Op switch
    {
        FloatOp.Conv => (long)Output.Elements * KernelH * KernelW * Input.C,
        FloatOp.DepthwiseConv => (long)Output.Elements * KernelH * KernelW,
        FloatOp.FullyConnected => (long)Output.C * Input.Elements,
        _ => 0,
    };
}
