// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Bridge.IotHub;

namespace Fleet.Gateway.Tests.Bridge;

public sealed class IotHubTwinMapperTests
{
    private static IotHubDesiredResult Map(string json, DeviceConfig? current = null)
    {
        using var document = JsonDocument.Parse(json);
        return IotHubTwinMapper.MapDesired(document.RootElement, current);
    }

    [Fact]
    public void MapDesired_AllFields_MapsEachToDeviceConfig()
    {
        var result = Map("""
            {"wakeIntervalS":600,"telemetryEvery":6,"scoreThresholdPmy":7000,"detector":"thermalPerson",
             "modelId":"person-v2","modelVersion":4,"reportEmpty":true,"$version":12}
            """);

        Assert.True(result.IsSuccess);
        Assert.Equal(new DeviceConfig(0, 600, 6, 7000, DetectorKind.ThermalPerson, "person-v2", 4, true), result.Config);
    }

    [Fact]
    public void MapDesired_PartialPatch_KeepsTheOtherFieldsOfCurrent()
    {
        var current = new DeviceConfig(3, 60, 10, 5000, DetectorKind.Face, "face-v1", 1, false);

        var result = Map("""{"wakeIntervalS":120,"$version":13}""", current);

        Assert.Equal(current with { ConfigVersion = 0, WakeIntervalS = 120 }, result.Config);
    }

    [Fact]
    public void MapDesired_PartialPatchWithoutCurrent_ReportsMissingFields()
    {
        var result = Map("""{"wakeIntervalS":120}""");

        Assert.False(result.IsSuccess);
        Assert.Contains(IotHubTwinMapper.Detector, result.Errors.Keys);
        Assert.Contains(IotHubTwinMapper.ModelId, result.Errors.Keys);
    }

    [Theory]
    [InlineData("""{"wakeIntervalS":0}""", "wakeIntervalS")]
    [InlineData("""{"wakeIntervalS":86401}""", "wakeIntervalS")]
    [InlineData("""{"telemetryEvery":1001}""", "telemetryEvery")]
    [InlineData("""{"scoreThresholdPmy":10001}""", "scoreThresholdPmy")]
    [InlineData("""{"detector":"cat"}""", "detector")]
    [InlineData("""{"modelId":"has space"}""", "modelId")]
    [InlineData("""{"modelVersion":-1}""", "modelVersion")]
    [InlineData("""{"reportEmpty":"yes"}""", "reportEmpty")]
    [InlineData("""{"wakeIntervalS":"600"}""", "wakeIntervalS")]
    public void MapDesired_OutOfProtocolRange_RejectsThatField(string json, string field)
    {
        var current = new DeviceConfig(3, 60, 10, 5000, DetectorKind.Face, "face-v1", 1, false);

        var result = Map(json, current);

        Assert.False(result.IsSuccess);
        Assert.Equal([field], result.Errors.Keys);
    }

    [Fact]
    public void MapDesired_NoFleetFields_IsEmpty()
    {
        Assert.True(Map("""{"$version":1,"other":5}""").IsEmpty);
    }
}
