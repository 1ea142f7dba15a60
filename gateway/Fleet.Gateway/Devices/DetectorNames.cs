// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Devices;

/// <summary>The API's names of the detectors (docs/protocol.md type 1, key 5).</summary>
public static class DetectorNames
{
    public static string Of(DetectorKind detector) => detector switch
    {
        DetectorKind.Face => "face",
        DetectorKind.Smile => "smile",
        DetectorKind.ThermalPerson => "thermalPerson",
        _ => "classifier",
    };

    public static bool TryParse(string? name, out DetectorKind detector)
    {
        foreach (var kind in Enum.GetValues<DetectorKind>())
        {
            if (string.Equals(Of(kind), name, StringComparison.OrdinalIgnoreCase))
            {
                detector = kind;
                return true;
            }
        }

        detector = default;
        return false;
    }
}
