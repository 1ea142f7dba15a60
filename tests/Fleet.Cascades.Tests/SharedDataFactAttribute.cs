// SPDX-License-Identifier: MIT
namespace Fleet.Cascades.Tests;

/// <summary>A fact that needs ../shared/data: reported as skipped (never passed) when the folder is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!TestPaths.HasSharedData)
        {
            Skip = "needs ../shared/data (absent)";
        }
    }
}
