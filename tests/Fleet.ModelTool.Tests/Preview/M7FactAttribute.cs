// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Preview;

namespace Fleet.ModelTool.Tests.Preview;

/// <summary>A fact that runs the firmware under QEMU: reported as skipped, with the missing tools and their Debian
/// packages, where qemu-system-arm or the arm-none-eabi cross-compiler is absent (CI installs them).</summary>
public sealed class M7FactAttribute : FactAttribute
{
    public M7FactAttribute(bool needsSharedData = false)
    {
        string? missing = M7Toolchain.MissingReason();
        if (missing is not null)
        {
            Skip = missing;
        }
        else if (needsSharedData && !PreviewPaths.HasSharedData)
        {
            Skip = "needs ../shared/data (absent)";
        }
    }
}
