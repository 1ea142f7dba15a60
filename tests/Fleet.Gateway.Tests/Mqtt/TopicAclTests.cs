// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt;

namespace Fleet.Gateway.Tests.Mqtt;

public sealed class TopicAclTests
{
    [Theory]
    [InlineData("cam-1", "fleet/v1/cam-1/up/telemetry", true)]
    [InlineData("cam-1", "fleet/v1/cam-1/up/ota/result", true)]
    [InlineData("cam-1", "fleet/v1/cam-1/up/anything", true)]
    [InlineData("cam-1", "fleet/v1/cam-2/up/telemetry", false)]
    [InlineData("cam-1", "fleet/v1/cam-1/down/config", false)]
    [InlineData("cam-1", "fleet/v1/cam-10/up/telemetry", false)]
    [InlineData("cam-1", "fleet/v1/cam-1", false)]
    [InlineData("cam-1", "other/topic", false)]
    [InlineData("cam/1", "fleet/v1/cam/1/up/telemetry", false)]
    public void MayPublish_Topic_MatchesOwnUplinkOnly(string deviceId, string topic, bool expected) =>
        Assert.Equal(expected, TopicAcl.MayPublish(deviceId, topic));

    [Theory]
    [InlineData("cam-1", "fleet/v1/cam-1/down/#", true)]
    [InlineData("cam-1", "fleet/v1/cam-1/down/config", true)]
    [InlineData("cam-1", "fleet/v1/+/down/#", false)]
    [InlineData("cam-1", "fleet/v1/cam-2/down/#", false)]
    [InlineData("cam-1", "fleet/v1/cam-1/up/#", false)]
    [InlineData("cam-1", "#", false)]
    public void MaySubscribe_Filter_MatchesOwnDownlinkOnly(string deviceId, string filter, bool expected) =>
        Assert.Equal(expected, TopicAcl.MaySubscribe(deviceId, filter));
}
