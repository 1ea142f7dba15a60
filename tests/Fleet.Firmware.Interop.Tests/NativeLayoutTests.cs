using Fleet.Firmware.Interop.Native;

namespace Fleet.Firmware.Interop.Tests;

/// <summary>Every mirror struct has the C compiler's size and every field the C offset.</summary>
public sealed unsafe class NativeLayoutTests
{
    private static void AssertLayout(NativeStructId id, int size, params long[] offsets)
    {
        Assert.Equal(NativeMethods.AbiSizeOf((uint)id), (uint)size);
        Assert.Equal(NativeMethods.AbiFieldCount((uint)id), (uint)offsets.Length);
        for (uint field = 0; field < offsets.Length; field++)
        {
            Assert.True(NativeMethods.AbiOffsetOf((uint)id, field) == offsets[field],
                $"{id} field {field}: C offset {NativeMethods.AbiOffsetOf((uint)id, field)}, C# {offsets[field]}");
        }
    }

    [Fact]
    public void CoreAbiVersion_IsTheOneTheBindingsExpect() =>
        Assert.Equal(NativeMethods.ExpectedAbiVersion, NativeMethods.CoreAbiVersion());

    [Fact]
    public void Message_Layout_MatchesC()
    {
        NativeMessage s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.Message, sizeof(NativeMessage), &s.Type - b, s.DeviceId - b, (byte*)&s.Body - b);
    }

    [Fact]
    public void MessageBody_EveryUnionMember_StartsAtZero()
    {
        NativeMessageBody s = default;
        byte* b = (byte*)&s;
        long[] offsets =
        [
            (byte*)&s.Detection - b, (byte*)&s.Telemetry - b, (byte*)&s.Status - b, (byte*)&s.DesiredConfig - b,
            (byte*)&s.ReportedConfig - b, (byte*)&s.OtaOffer - b, (byte*)&s.OtaChunkRequest - b,
            (byte*)&s.OtaChunk - b, (byte*)&s.OtaResult - b,
        ];
        Assert.All(offsets, o => Assert.Equal(0, o));
        Assert.Equal(NativeMethods.AbiSizeOf((uint)NativeStructId.OtaChunk), (uint)sizeof(NativeOtaChunk));
    }

    [Fact]
    public void Box_Layout_MatchesC()
    {
        NativeBox s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.Box, sizeof(NativeBox), (byte*)&s.X - b, (byte*)&s.Y - b, (byte*)&s.W - b,
            (byte*)&s.H - b, (byte*)&s.ScorePmy - b, s.Label - b);
    }

    [Fact]
    public void Detection_Layout_MatchesC()
    {
        NativeDetection s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.Detection, sizeof(NativeDetection), (byte*)&s.DeviceTimeMs - b,
            (byte*)&s.Seq - b, (byte*)&s.ModelVersion - b, (byte*)&s.InferenceUs - b, (byte*)&s.InferenceMacs - b,
            (byte*)&s.EnergyUj - b, &s.Detector - b, &s.BoxCount - b, s.ModelId - b, (byte*)&s.Boxes - b);
        Assert.Equal(16 * sizeof(NativeBox), sizeof(NativeBoxArray));
    }

    [Fact]
    public void Telemetry_Layout_MatchesC()
    {
        NativeTelemetry s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.Telemetry, sizeof(NativeTelemetry), (byte*)&s.DeviceTimeMs - b,
            (byte*)&s.Seq - b, (byte*)&s.ChargeUsedUah - b, (byte*)&s.WakeCount - b, (byte*)&s.UptimeS - b,
            (byte*)&s.ModelVersion - b, (byte*)&s.BatteryMv - b, (byte*)&s.SocPm - b, (byte*)&s.TemperatureCc - b,
            (byte*)&s.RssiDbm - b, s.FirmwareVersion - b, s.ModelId - b, &s.WakeLedgerCount - b,
            (byte*)s.WakeLedgerUc - b, &s.HasDroppedTelemetry - b, &s.HasDroppedDetections - b,
            (byte*)&s.DroppedTelemetry - b, (byte*)&s.DroppedDetections - b);
    }

    [Fact]
    public void Status_Layout_MatchesC()
    {
        NativeStatusMessage s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.Status, sizeof(NativeStatusMessage), (byte*)&s.DeviceTimeMs - b,
            (byte*)&s.Seq - b, (byte*)&s.NextWakeS - b, &s.State - b, &s.WakeReason - b, s.FirmwareVersion - b);
    }

    [Fact]
    public void Config_Layout_MatchesC()
    {
        NativeConfig s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.Config, sizeof(NativeConfig), (byte*)&s.ConfigVersion - b,
            (byte*)&s.WakeIntervalS - b, (byte*)&s.ModelVersion - b, (byte*)&s.TelemetryEvery - b,
            (byte*)&s.ScoreThresholdPmy - b, &s.Detector - b, &s.ReportEmpty - b, s.ModelId - b);
    }

    [Fact]
    public void DesiredConfig_Layout_MatchesC()
    {
        NativeDesiredConfig s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.DesiredConfig, sizeof(NativeDesiredConfig), (byte*)&s.Config - b,
            &s.HasQuietStartMin - b, &s.HasQuietEndMin - b, (byte*)&s.QuietStartMin - b, (byte*)&s.QuietEndMin - b);
    }

    [Fact]
    public void ReportedConfig_Layout_MatchesC()
    {
        NativeReportedConfig s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.ReportedConfig, sizeof(NativeReportedConfig), (byte*)&s.Config - b,
            &s.ApplyResult - b, &s.HasRejectReason - b, s.RejectReason - b, &s.HasQuietStartMin - b,
            &s.HasQuietEndMin - b, (byte*)&s.QuietStartMin - b, (byte*)&s.QuietEndMin - b);
    }

    [Fact]
    public void OtaOffer_Layout_MatchesC()
    {
        NativeOtaOffer s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.OtaOffer, sizeof(NativeOtaOffer), (byte*)&s.OfferId - b,
            (byte*)&s.ModelVersion - b, (byte*)&s.SizeBytes - b, (byte*)&s.ChunkSize - b, s.ModelId - b,
            s.Sha256 - b, s.Signature - b);
    }

    [Fact]
    public void OtaChunkRequest_Layout_MatchesC()
    {
        NativeOtaChunkRequest s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.OtaChunkRequest, sizeof(NativeOtaChunkRequest), (byte*)&s.OfferId - b,
            (byte*)&s.Offset - b, (byte*)&s.Length - b);
    }

    [Fact]
    public void OtaChunk_Layout_MatchesC()
    {
        NativeOtaChunk s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.OtaChunk, sizeof(NativeOtaChunk), (byte*)&s.OfferId - b, (byte*)&s.Offset - b,
            (byte*)&s.DataLen - b, s.Data - b);
    }

    [Fact]
    public void OtaResult_Layout_MatchesC()
    {
        NativeOtaResult s = default;
        byte* b = (byte*)&s;
        AssertLayout(NativeStructId.OtaResult, sizeof(NativeOtaResult), (byte*)&s.OfferId - b,
            (byte*)&s.ActiveModelVersion - b, &s.Code - b);
    }

    [Fact]
    public void AbiQueries_UnknownIds_ReturnSentinels()
    {
        Assert.Equal(0u, NativeMethods.AbiSizeOf(0));
        Assert.Equal(0u, NativeMethods.AbiSizeOf(13));
        Assert.Equal(uint.MaxValue, NativeMethods.AbiOffsetOf((uint)NativeStructId.Message, 3));
    }
}
