// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// The FL_API functions of fl_model.h (Fleet format v1). fl_model_t is opaque here: callers allocate
/// <see cref="ModelSizeof"/> bytes and pass the pointer; the loaded model keeps pointers into the blob and the
/// arena, whose lifetime <see cref="FleetModel"/> owns.
/// </summary>
internal static unsafe partial class NnNativeMethods
{
    [LibraryImport(Library, EntryPoint = "fl_model_inspect")]
    public static partial int ModelInspect(byte* blob, nuint len, FleetModelInfoNative* info, FleetModelErrorNative* err);

    [LibraryImport(Library, EntryPoint = "fl_model_load")]
    public static partial int ModelLoad(void* model, byte* blob, nuint len, ArenaNative* arena,
        FleetModelLoadOptionsNative* opts, FleetModelErrorNative* err);

    [LibraryImport(Library, EntryPoint = "fl_model_run")]
    public static partial int ModelRun(void* model, sbyte* input, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_model_preprocess")]
    public static partial int ModelPreprocess(void* model, ImageNative* frame, RectNative* roi, sbyte* tensor);

    [LibraryImport(Library, EntryPoint = "fl_model_get_info")]
    public static partial int ModelGetInfo(void* model, FleetModelInfoNative* info);

    [LibraryImport(Library, EntryPoint = "fl_model_get_input")]
    public static partial int ModelGetInput(void* model, FleetModelInputNative* input);

    [LibraryImport(Library, EntryPoint = "fl_model_label")]
    public static partial byte* ModelLabel(void* model, uint i);

    [LibraryImport(Library, EntryPoint = "fl_model_sizeof")]
    public static partial nuint ModelSizeof();

    [LibraryImport(Library, EntryPoint = "fl_model_info_sizeof")]
    public static partial nuint ModelInfoSizeof();
}
