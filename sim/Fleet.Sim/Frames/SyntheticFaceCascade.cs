// SPDX-License-Identifier: MIT
using Fleet.Cascades;

namespace Fleet.Sim.Frames;

/// <summary>
/// A small hand-written Haar cascade (Fleet FLHC, docs/cascade-format.md) that finds the faces
/// <see cref="SyntheticScenes"/> draws, for machines without the reference cascades (the repository ships none).
/// One stage of four stumps on a 24×24 window, all of which must fire: eyes darker than the cheeks, eyes darker
/// than the forehead, a bright bridge between the eyes, a dark mouth. It runs through the firmware's own detector
/// like any trained cascade; it is not a detector for real faces.
/// </summary>
public static class SyntheticFaceCascade
{
    public const int Window = 24;

    /// <summary>Normalised feature value each stump needs (OpenCV's units: the rectangle sums over area × σ).</summary>
    public const double FeatureThreshold = 0.04;

    public static HaarCascade Build()
    {
        HaarFeature Stump(params HaarRect[] rects) => new(FeatureThreshold, -1.0, 1.0, rects);
        HaarFeature[] features =
        [
            Stump(new HaarRect(3, 7, 18, 5, -1), new HaarRect(3, 12, 18, 5, 1)),   // cheeks brighter than eyes
            Stump(new HaarRect(3, 2, 18, 5, 1), new HaarRect(3, 7, 18, 5, -1)),    // forehead brighter than eyes
            Stump(new HaarRect(4, 7, 16, 4, -1), new HaarRect(10, 7, 4, 4, 4)),    // bridge brighter than eyes
            Stump(new HaarRect(6, 15, 12, 6, 1), new HaarRect(6, 17, 12, 2, -3)),  // mouth darker than around it
        ];
        // Every stump must vote +1: the stage sum is 4 only then.
        return new HaarCascade(Window, Window, [new HaarStage(3.5, features)]);
    }

    /// <summary>The FLHC bytes the firmware's loader takes.</summary>
    public static byte[] Bytes() => FleetCascadeWriter.Write(Build());
}
