// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// A quantized Fleet spec → the file the device accepts: written, loaded by the C loader (hash and figures
/// checked), and given its self-test section exactly as <c>convert</c> does (a seeded input and the C engine's
/// output for it, checked again after a reload).
/// </summary>
public static class FleetModelFinisher
{
    public static byte[] Finish(FleetModelSpec spec, string what)
    {
        ArgumentNullException.ThrowIfNull(spec);
        byte[] blob;
        try
        {
            blob = FleetModelWriter.Write(spec);
        }
        catch (ArgumentException ex)
        {
            throw new ModelToolException($"'{what}' cannot be expressed in the Fleet format: {ex.Message}", ex);
        }

        try
        {
            using FleetModel model = FleetModel.Load(blob);
            return ConvertCommand.WithSelfTest(spec, model, what);
        }
        catch (FleetModelLoadException ex)
        {
            throw new ModelToolException($"'{what}': the C loader rejects the quantized Fleet model: {ex.Message}", ex);
        }
    }
}
