// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

public sealed class TopicsTests
{
    public static TheoryData<MessageType, string, bool> AllTypes => new()
    {
        { MessageType.Detection, "fleet/v1/cam-01/up/detection", true },
        { MessageType.Telemetry, "fleet/v1/cam-01/up/telemetry", true },
        { MessageType.Status, "fleet/v1/cam-01/up/status", true },
        { MessageType.DesiredConfig, "fleet/v1/cam-01/down/config", false },
        { MessageType.ReportedConfig, "fleet/v1/cam-01/up/config", true },
        { MessageType.OtaOffer, "fleet/v1/cam-01/down/ota/offer", false },
        { MessageType.OtaChunkRequest, "fleet/v1/cam-01/up/ota/request", true },
        { MessageType.OtaChunk, "fleet/v1/cam-01/down/ota/chunk", false },
        { MessageType.OtaResult, "fleet/v1/cam-01/up/ota/result", true },
    };

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void For_EachType_ReturnsTopicOfSection11(MessageType type, string topic, bool uplink)
    {
        _ = uplink;
        Assert.Equal(topic, Topics.For("cam-01", type));
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void TryParse_EachTopic_ReturnsDeviceAndType(MessageType type, string topic, bool uplink)
    {
        _ = uplink;
        Assert.True(Topics.TryParse(topic, out string deviceId, out MessageType parsed));
        Assert.Equal("cam-01", deviceId);
        Assert.Equal(type, parsed);
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void IsUplink_EachType_MatchesDirection(MessageType type, string topic, bool uplink)
    {
        Assert.Equal(uplink, Topics.IsUplink(type));
        Assert.Equal(uplink, topic.Contains("/up/", StringComparison.Ordinal));
    }

    [Fact]
    public void IsUplink_UndefinedType_ReturnsFalse()
    {
        Assert.False(Topics.IsUplink((MessageType)0));
        Assert.False(Topics.IsUplink((MessageType)10));
    }

    [Theory]
    [InlineData("fleet/v1/a+b/up/telemetry")]
    [InlineData("fleet/v1/+/up/telemetry")]
    [InlineData("fleet/v1/#/up/telemetry")]
    [InlineData("fleet/v1/#")]
    [InlineData("fleet/v1/+/up/#")]
    [InlineData("fleet/v2/cam-01/up/telemetry")]
    [InlineData("fleet/V1/cam-01/up/telemetry")]
    [InlineData("Fleet/v1/cam-01/up/telemetry")]
    [InlineData("/fleet/v1/cam-01/up/telemetry")]
    [InlineData("fleet/v1/cam-01/up/telemetry/extra")]
    [InlineData("fleet/v1/cam-01/up/telemetry/")]
    [InlineData("fleet/v1/cam-01/up/ota/result/x")]
    [InlineData("fleet/v1/cam-01/extra/up/telemetry")]
    [InlineData("fleet/v1/cam-01/up")]
    [InlineData("fleet/v1/cam-01/up/")]
    [InlineData("fleet/v1/cam-01/up/ota")]
    [InlineData("fleet/v1/cam-01")]
    [InlineData("fleet/v1/")]
    [InlineData("fleet/v1")]
    [InlineData("fleet/v1//up/telemetry")]
    [InlineData("fleet/v1/cam 01/up/telemetry")]
    [InlineData("fleet/v1/cam-01/down/detection")]
    [InlineData("fleet/v1/cam-01/up/offer")]
    [InlineData("fleet/v1/cam-01/UP/telemetry")]
    [InlineData("fleet/v1/cam-01/up/Telemetry")]
    [InlineData("fleet/v1/abcdefghijklmnopqrstuvwxyz0123456/up/status")]
    [InlineData("fleet/v1/cam-01/up//telemetry")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAProtocolTopic_ReturnsFalse(string? topic)
    {
        Assert.False(Topics.TryParse(topic, out string deviceId, out MessageType type));
        Assert.Equal("", deviceId);
        Assert.Equal(default, type);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("A.b_c-9")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void TryParse_ForOfAnyValidId_RoundTrips(string id)
    {
        foreach (MessageType type in Enum.GetValues<MessageType>())
        {
            Assert.True(Topics.TryParse(Topics.For(id, type), out string parsedId, out MessageType parsedType));
            Assert.Equal(id, parsedId);
            Assert.Equal(type, parsedType);
        }
    }

    [Fact]
    public void DownlinkFilter_ValidId_ReturnsDownWildcard()
    {
        Assert.Equal("fleet/v1/cam-01/down/#", Topics.DownlinkFilter("cam-01"));
    }

    [Fact]
    public void Constants_MatchSection11()
    {
        Assert.Equal("fleet/v1", Topics.Root);
        Assert.Equal("fleet/v1/+/up/#", Topics.UplinkFilter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void For_InvalidDeviceId_ThrowsArgumentException(string id)
    {
        Assert.Throws<ArgumentException>(() => Topics.For(id, MessageType.Telemetry));
        Assert.Throws<ArgumentException>(() => Topics.DownlinkFilter(id));
    }

    [Fact]
    public void For_NullDeviceId_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Topics.For(null!, MessageType.Telemetry));
    }

    [Fact]
    public void For_UndefinedType_ThrowsArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Topics.For("cam-01", (MessageType)10));
    }
}
