// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Tests;

/// <summary>A theory that needs ../shared/data: reported as skipped (never passed) when the folder is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!TestPaths.HasSharedData)
        {
            Skip = "needs ../shared/data (absent)";
        }
    }
}
