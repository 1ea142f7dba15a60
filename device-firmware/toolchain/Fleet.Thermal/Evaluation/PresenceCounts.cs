// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>Frame-level presence confusion counts and the figures derived from them.</summary>
public sealed record PresenceCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>No frames.</summary>
    public static PresenceCounts Empty { get; } = new(0, 0, 0, 0);

    /// <summary>TP / (TP + FP); 1 when nothing was predicted present.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN) (sensitivity); 1 when no frame is present.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>TN / (TN + FP); 1 when no frame is absent.</summary>
    public double Specificity => TrueNegatives + FalsePositives == 0 ? 1 : (double)TrueNegatives / (TrueNegatives + FalsePositives);

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>(recall + specificity) / 2: unlike F1 it is not flattered by the 80 % of frames with a person.</summary>
    public double BalancedAccuracy => (Recall + Specificity) / 2;

    /// <summary>Frames counted.</summary>
    public long Frames => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Add one frame's outcome.</summary>
    public PresenceCounts Add(bool predicted, bool actual) => (predicted, actual) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (true, false) => this with { FalsePositives = FalsePositives + 1 },
        (false, false) => this with { TrueNegatives = TrueNegatives + 1 },
        _ => this with { FalseNegatives = FalseNegatives + 1 },
    };

    /// <summary>Pool two sets of counts.</summary>
    public static PresenceCounts operator +(PresenceCounts a, PresenceCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives,
            a.TrueNegatives + b.TrueNegatives, a.FalseNegatives + b.FalseNegatives);

    /// <inheritdoc />
    public override string ToString() =>
        $"precision {Precision:F4}  recall {Recall:F4}  F1 {F1:F4}  specificity {Specificity:F4}  balanced accuracy {BalancedAccuracy:F4}  (TP {TruePositives} FP {FalsePositives} TN {TrueNegatives} FN {FalseNegatives})";
}
