// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Tests.Interop;

/// <summary>
/// The Fleet-format mirror structs (fl_model.h) have the C layout. The core exports only the sizes of
/// fl_model_t and fl_model_info_t, so offsets come from <see cref="CLayoutProbe"/>, and the exported sizes are
/// checked against both the probe and the C# mirror (fl_model_t is opaque: C# allocates the exported size).
/// </summary>
public sealed unsafe class FleetModelLayoutTests
{
    private static readonly Lazy<Dictionary<string, long[]>> CLayouts = new(() => CLayoutProbe.Measure(ProbeSource));

    private const string ProbeSource = """
        #include <stddef.h>
        #include <stdio.h>
        #include "fl/fl_model.h"
        #define S(T) printf("\n%s %zu", #T, sizeof(T))
        #define O(T, f) printf(" %zu", offsetof(T, f))
        int main(void) {
            S(fl_model_input_t); O(fl_model_input_t, h); O(fl_model_input_t, w); O(fl_model_input_t, c); O(fl_model_input_t, colour); O(fl_model_input_t, resize); O(fl_model_input_t, mean); O(fl_model_input_t, q7_shift); O(fl_model_input_t, s8_scale); O(fl_model_input_t, s8_input_scale); O(fl_model_input_t, s8_input_zero_point);
            S(fl_model_info_t); O(fl_model_info_t, model_id); O(fl_model_info_t, model_version); O(fl_model_info_t, sha256); O(fl_model_info_t, scheme); O(fl_model_info_t, n_layers); O(fl_model_info_t, n_outputs); O(fl_model_info_t, out_h); O(fl_model_info_t, out_w); O(fl_model_info_t, out_c); O(fl_model_info_t, arena_bytes); O(fl_model_info_t, flash_bytes); O(fl_model_info_t, weight_bytes); O(fl_model_info_t, macs); O(fl_model_info_t, input);
            S(fl_model_error_t); O(fl_model_error_t, msg); O(fl_model_error_t, offset); O(fl_model_error_t, layer);
            S(fl_model_load_options_t); O(fl_model_load_options_t, sha256); O(fl_model_load_options_t, sha256_user);
            S(fl_model_t);
            printf("\n");
            return 0;
        }
        """;

    [Fact]
    public void InputAndInfo_MatchC()
    {
        FleetModelInputNative i = default;
        byte* ib = (byte*)&i;
        CLayoutProbe.AssertLayout(CLayouts.Value, "fl_model_input_t", sizeof(FleetModelInputNative), 0,
            (byte*)&i.W - ib, (byte*)&i.C - ib, (byte*)&i.Colour - ib, (byte*)&i.Resize - ib, (byte*)i.Mean - ib,
            (byte*)i.Q7Shift - ib, (byte*)i.S8Scale - ib, (byte*)&i.S8InputScale - ib, (byte*)&i.S8InputZeroPoint - ib);
        FleetModelInfoNative n = default;
        byte* nb = (byte*)&n;
        CLayoutProbe.AssertLayout(CLayouts.Value, "fl_model_info_t", sizeof(FleetModelInfoNative), 0,
            (byte*)&n.ModelVersion - nb, (byte*)n.Sha256 - nb, (byte*)&n.Scheme - nb, (byte*)&n.NLayers - nb,
            (byte*)&n.NOutputs - nb, (byte*)&n.OutH - nb, (byte*)&n.OutW - nb, (byte*)&n.OutC - nb,
            (byte*)&n.ArenaBytes - nb, (byte*)&n.FlashBytes - nb, (byte*)&n.WeightBytes - nb, (byte*)&n.Macs - nb,
            (byte*)&n.Input - nb);
    }

    [Fact]
    public void ErrorAndOptions_MatchC()
    {
        FleetModelErrorNative e = default;
        CLayoutProbe.AssertLayout(CLayouts.Value, "fl_model_error_t", sizeof(FleetModelErrorNative), 0,
            (byte*)&e.Offset - (byte*)&e, (byte*)&e.Layer - (byte*)&e);
        FleetModelLoadOptionsNative o = default;
        CLayoutProbe.AssertLayout(CLayouts.Value, "fl_model_load_options_t", sizeof(FleetModelLoadOptionsNative), 0,
            (byte*)&o.Sha256User - (byte*)&o);
    }

    [Fact]
    public void ExportedSizes_MatchProbeAndMirror()
    {
        Assert.Equal((long)sizeof(FleetModelInfoNative), (long)NnNativeMethods.ModelInfoSizeof());
        Assert.Equal(CLayouts.Value["fl_model_info_t"][0], (long)NnNativeMethods.ModelInfoSizeof());
        Assert.Equal(CLayouts.Value["fl_model_t"][0], (long)NnNativeMethods.ModelSizeof());
    }
}
