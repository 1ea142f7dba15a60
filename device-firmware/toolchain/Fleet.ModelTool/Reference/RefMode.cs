// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>Camera = firmware 3.0 bit for bit (quirks included); Corrected = the quirks fixed (docs/nn-engine.md).</summary>
public enum RefMode
{
    Camera,
    Corrected,
}
