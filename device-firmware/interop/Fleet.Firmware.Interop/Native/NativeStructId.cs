namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_proto_abi_struct_t</c>: ids for the layout exports.</summary>
internal enum NativeStructId : uint
{
    Message = 1,
    Box = 2,
    Detection = 3,
    Telemetry = 4,
    Status = 5,
    Config = 6,
    DesiredConfig = 7,
    ReportedConfig = 8,
    OtaOffer = 9,
    OtaChunkRequest = 10,
    OtaChunk = 11,
    OtaResult = 12,
}
