// SPDX-License-Identifier: MIT
using Fleet.Sim.Frames;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>A fact that needs ../shared/data beside the clone: reported as skipped (never passed) when it is absent.</summary>
public sealed class SharedFramesFactAttribute : FactAttribute
{
    public SharedFramesFactAttribute()
    {
        if (SharedData.Locate() is null)
        {
            Skip = "needs ../shared/data (faces, smile, thermal) beside the clone (absent)";
        }
    }
}
