// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Formats;

/// <summary>Layer op of a Fleet v1 layer record (byte 0); the values are the file's.</summary>
public enum FleetLayerOp
{
    Conv = 1,
    DepthwiseConv = 2,
    FullyConnected = 3,
    MaxPool = 4,
    AvgPool = 5,
    Relu = 6,
    Relu6 = 7,
    Softmax = 8,
}
