// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>The ops of the float graph IR: what both importers lower to and both quantizers accept.</summary>
public enum FloatOp
{
    Conv,
    DepthwiseConv,
    FullyConnected,
    Relu,
    MaxPool,
    AvgPool,
    Softmax,
}
