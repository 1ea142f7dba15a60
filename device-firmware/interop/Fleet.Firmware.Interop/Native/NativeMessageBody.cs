using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of the anonymous union <c>fl_msg_t.body</c>: every member starts at offset 0.</summary>
[StructLayout(LayoutKind.Explicit)]
internal struct NativeMessageBody
{
    [FieldOffset(0)] public NativeDetection Detection;
    [FieldOffset(0)] public NativeTelemetry Telemetry;
    [FieldOffset(0)] public NativeStatusMessage Status;
    [FieldOffset(0)] public NativeDesiredConfig DesiredConfig;
    [FieldOffset(0)] public NativeReportedConfig ReportedConfig;
    [FieldOffset(0)] public NativeOtaOffer OtaOffer;
    [FieldOffset(0)] public NativeOtaChunkRequest OtaChunkRequest;
    [FieldOffset(0)] public NativeOtaChunk OtaChunk;
    [FieldOffset(0)] public NativeOtaResult OtaResult;
}
