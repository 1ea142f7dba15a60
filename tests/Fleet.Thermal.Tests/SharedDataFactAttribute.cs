// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Tests;

/// <summary>A fact that needs ../shared/data/thermal: reported as skipped (never passed) when the folder is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!TestPaths.HasOmronDataset)
        {
            Skip = "needs ../shared/data/" + Fleet.Thermal.Omron.OmronDataset.RelativePath + " (absent)";
        }
    }
}
