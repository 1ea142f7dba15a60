// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

public sealed class FleetCodecDecodeUplinkTests
{
    [Theory]
    [InlineData("detection")]
    [InlineData("telemetry")]
    [InlineData("status")]
    [InlineData("reported_config")]
    [InlineData("ota_chunk_request")]
    [InlineData("ota_result")]
    public void DecodeUplink_PayloadOnItsOwnTopic_ReturnsMessage(string name)
    {
        FleetMessage message = Samples.Get(name);

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For(message.DeviceId, message.Type), FleetCodec.Encode(message));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void DecodeUplink_DetectionOnTelemetryTopic_ReturnsTypeMismatch()
    {
        FleetMessage message = Samples.Get("detection");

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For(message.DeviceId, MessageType.Telemetry),
            FleetCodec.Encode(message));

        Assert.Equal(DecodeError.TypeMismatch, result.Error);
        Assert.Contains("type 1", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("desired_config", MessageType.ReportedConfig)]
    [InlineData("ota_offer", MessageType.OtaChunkRequest)]
    [InlineData("ota_chunk", MessageType.OtaResult)]
    public void DecodeUplink_DownlinkPayloadOnUplinkTopic_ReturnsTypeMismatch(string name, MessageType topicType)
    {
        FleetMessage message = Samples.Get(name);

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For(message.DeviceId, topicType), FleetCodec.Encode(message));

        Assert.Equal(DecodeError.TypeMismatch, result.Error);
    }

    [Fact]
    public void DecodeUplink_PayloadOfAnotherDevice_ReturnsTypeMismatch()
    {
        FleetMessage message = Samples.Get("telemetry");

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For("cam-02", MessageType.Telemetry), FleetCodec.Encode(message));

        Assert.Equal(DecodeError.TypeMismatch, result.Error);
        Assert.Contains("cam-02", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeUplink_DeviceIdDiffersOnlyInCase_ReturnsTypeMismatch()
    {
        FleetMessage message = Samples.Get("telemetry");

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For("CAM-01", MessageType.Telemetry), FleetCodec.Encode(message));

        Assert.Equal(DecodeError.TypeMismatch, result.Error);
    }

    [Theory]
    [InlineData("fleet/v1/cam-01/down/config")]
    [InlineData("fleet/v1/cam-01/down/ota/offer")]
    [InlineData("fleet/v1/cam-01/down/ota/chunk")]
    [InlineData("fleet/v1/a+b/up/telemetry")]
    [InlineData("fleet/v2/cam-01/up/telemetry")]
    [InlineData("fleet/v1/cam-01/up/telemetry/x")]
    [InlineData("")]
    public void DecodeUplink_NotAnUplinkTopic_ReturnsUnknownTopic(string topic)
    {
        DecodeResult result = FleetCodec.DecodeUplink(topic, FleetCodec.Encode(Samples.Get("telemetry")));

        Assert.Equal(DecodeError.UnknownTopic, result.Error);
        Assert.Null(result.Message);
    }

    [Fact]
    public void DecodeUplink_DesiredConfigOnDownlinkTopic_ReturnsUnknownTopic()
    {
        FleetMessage message = Samples.Get("desired_config");

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For(message.DeviceId, message.Type), FleetCodec.Encode(message));

        Assert.Equal(DecodeError.UnknownTopic, result.Error);
    }

    [Fact]
    public void DecodeUplink_OversizedOnValidTopic_ReturnsOversized()
    {
        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/detection", new byte[4_097]);

        Assert.Equal(DecodeError.Oversized, result.Error);
    }

    [Fact]
    public void DecodeUplink_OversizedOnUnknownTopic_ReturnsUnknownTopicFirst()
    {
        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/nope", new byte[4_097]);

        Assert.Equal(DecodeError.UnknownTopic, result.Error);
    }

    [Fact]
    public void DecodeUplink_MalformedPayload_ReturnsDecodeError()
    {
        byte[] payload = FleetCodec.Encode(Samples.Get("telemetry"));

        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/telemetry", payload.AsSpan(0, payload.Length - 1));

        Assert.Equal(DecodeError.Malformed, result.Error);
    }

    [Fact]
    public void DecodeUplink_WrongTypeWithBrokenLaterField_ReturnsTypeMismatchFirst()
    {
        // Type 1 on the telemetry topic, and key 3 is a text string: key 1 comes first in byte order.
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Samples.Get("detection")), 3, w => w.WriteTextString("x"));

        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/telemetry", payload);

        Assert.Equal(DecodeError.TypeMismatch, result.Error);
    }

    [Fact]
    public void DecodeUplink_UnknownTypeOnUplinkTopic_ReturnsTypeMismatch()
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Samples.Get("telemetry")), 1, w => w.WriteUInt32(10));

        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/telemetry", payload);

        Assert.Equal(DecodeError.TypeMismatch, result.Error);
    }

    [Fact]
    public void DecodeUplink_SchemaTwoOfAnotherType_ReturnsUnsupportedVersion()
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Samples.Get("detection")), 0, w => w.WriteUInt32(2));

        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/telemetry", payload);

        Assert.Equal(DecodeError.UnsupportedVersion, result.Error);
    }

    [Fact]
    public void DecodeUplink_RightTypeWithBadField_ReturnsInvalidField()
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Samples.Get("telemetry")), 6, w => w.WriteUInt32(1_001));

        DecodeResult result = FleetCodec.DecodeUplink("fleet/v1/cam-01/up/telemetry", payload);

        Assert.Equal(DecodeError.InvalidField, result.Error);
        Assert.Contains("soc_pm", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeUplink_NullTopic_ReturnsUnknownTopic()
    {
        DecodeResult result = FleetCodec.DecodeUplink(null!, [0xA0]);

        Assert.Equal(DecodeError.UnknownTopic, result.Error);
    }
}
