// SPDX-License-Identifier: MIT
using Fleet.Agent.Wake;
using Fleet.Contracts.Messages;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>
/// Virtual sensors running the device agent and the firmware's detectors and model slots against a real MQTT
/// broker with the gateway's protocol side (<see cref="RestartableGateway"/>). Wakes are driven one at a time, so
/// each assertion is about a known wake; sleeps run on the sensor's accelerated clock.
/// </summary>
public sealed class AgentSensorTests : IAsyncLifetime
{
    private SensorBench _bench = null!;

    public async Task InitializeAsync() => _bench = await SensorBench.StartAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task Wake_FaceDrawnInTheFrame_ReportsTheBoxTheNativeHaarFound()
    {
        AgentSensor sensor = Sensor("cam-1", DetectorKind.Face);
        CameraFrame frame = SyntheticScenes.Camera(new Random(3), face: true);
        int expected = SensorBench.Detectors.DetectCamera(frame, 0, 0).Boxes.Length;
        sensor.UseFrameNext(frame);

        WakeReport report = sensor.RunWake()!;

        Assert.True(report.Connected);
        DetectionEvent detection = await SensorBench.EventuallyAsync(() => _bench.Gateway.Of<DetectionEvent>().SingleOrDefault(), "the detection");
        Assert.True(expected > 0);
        Assert.Equal(expected, detection.Boxes.Count);
        Assert.All(detection.Boxes, b => Assert.Equal("face", b.Label));
        Assert.Equal(DetectorKind.Face, detection.Detector);

        // An empty room finds nothing, and without report_empty nothing is queued.
        sensor.UseFrameNext(SyntheticScenes.Camera(new Random(3), face: false));
        Assert.Equal(0, sensor.RunWake()!.QueueLeft);
        Assert.Equal(1, sensor.Counters.EventsQueued);
    }

    [Fact]
    public async Task Wake_ThermalFrameWithABody_ReportsAPersonFromTheNativeThermalDetector()
    {
        AgentSensor sensor = Sensor("thermal-1", DetectorKind.ThermalPerson);
        sensor.UseFrameNext(SyntheticScenes.Thermal(new Random(5), person: true));

        Assert.True(sensor.RunWake()!.Connected);

        DetectionEvent detection = await SensorBench.EventuallyAsync(() => _bench.Gateway.Of<DetectionEvent>().SingleOrDefault(), "the detection");
        Assert.Equal(DetectorKind.ThermalPerson, detection.Detector);
        DetectionBox person = Assert.Single(detection.Boxes);
        Assert.Equal("person", person.Label);
        Assert.InRange(person.Width * person.Height, 4, 200);
    }

    [Fact]
    public async Task DesiredConfig_AppliedAndReportedBack_NextWakeRunsIt()
    {
        AgentSensor sensor = Sensor("cam-2", DetectorKind.Face);
        var config = new DeviceConfig(7, 120, 3, 5000, DetectorKind.Face, "", 0, ReportEmpty: true);
        await _bench.Gateway.PublishDesiredConfigAsync("cam-2", config);
        // An empty room on both wakes: the only detection message can then be the one report_empty asks for (a
        // face on the first wake, sensed before the config arrives, would be reported and could be read below).
        sensor.UseFrameNext(SyntheticScenes.Camera(new Random(8), face: false));

        WakeReport report = sensor.RunWake()!;

        Assert.Equal(0, report.ConfigResult);
        ReportedConfig reported = await SensorBench.EventuallyAsync(() => _bench.Gateway.Of<ReportedConfig>().SingleOrDefault(), "the reported config");
        Assert.Equal(ConfigApplyResult.Applied, reported.ApplyResult);
        Assert.Equal(7u, reported.Config.ConfigVersion);
        Assert.Equal(120u, reported.Config.WakeIntervalS);
        Assert.Equal(TimeSpan.FromSeconds(120), sensor.NextWake);

        // report_empty is now on: an empty room is reported too.
        sensor.UseFrameNext(SyntheticScenes.Camera(new Random(9), face: false));
        sensor.RunWake();
        DetectionEvent empty = await SensorBench.EventuallyAsync(() => _bench.Gateway.Of<DetectionEvent>().LastOrDefault(d => d.DeviceId == "cam-2"), "an empty detection");
        Assert.Empty(empty.Boxes);
    }

    [Fact]
    public async Task Ota_CorruptedChunkFailsTheHashCheck_OldModelKept_CleanTransferActivates()
    {
        (System.Security.Cryptography.ECDsa key, byte[] publicPoint) = NewSigningKey();
        using (key)
        {
            AgentSensor sensor = Sensor("cam-3", DetectorKind.Face, o => o.TrustedPublicKey = publicPoint);
            byte[] model = Fleet.Agent.Tests.TestModels.Model("face-cnn", 2);

            // Every chunk is corrupted in transit: the slots' SHA-256 over the whole download rejects it.
            sensor.Link.ArmCorruptChunks(true);
            await _bench.Gateway.OfferAsync(Fleet.Agent.Tests.TestModels.Offer("cam-3", 1, "face-cnn", 2, model, key, 256), model);
            int result = WakeUntilOtaResult(sensor);
            Assert.Equal((int)OtaResultCode.HashMismatch, result);
            Assert.True(sensor.Link.ChunksCorrupted > 0);
            Assert.Equal("", sensor.Models.Status.ActiveModelId);
            OtaResult failed = await SensorBench.EventuallyAsync(() => _bench.Gateway.Of<OtaResult>().SingleOrDefault(), "the failure result");
            Assert.Equal(OtaResultCode.HashMismatch, failed.Code);

            // The gateway offers again; this time the link is clean.
            sensor.Link.ArmCorruptChunks(false);
            await _bench.Gateway.OfferAsync(Fleet.Agent.Tests.TestModels.Offer("cam-3", 2, "face-cnn", 2, model, key, 256), model);
            Assert.Equal((int)OtaResultCode.Activated, WakeUntilOtaResult(sensor));
            Assert.Equal("face-cnn", sensor.Models.Status.ActiveModelId);
            Assert.Equal(2u, sensor.Models.Status.ActiveVersion);
        }
    }

    [Fact]
    public async Task LinkLossAndBrokerRestart_EveryQueuedEventArrives()
    {
        AgentSensor sensor = Sensor("cam-4", DetectorKind.Face, o => o.ReportEmpty = true);
        sensor.RunWake();

        // The connection drops after the birth status: the detection stays in flash.
        sensor.Link.ArmLinkLoss(1);
        WakeReport cut = sensor.RunWake()!;
        Assert.True(cut.QueueLeft > 0);

        // The broker goes away: the wake senses and queues, the connect fails, the agent backs off.
        await _bench.Gateway.StopBrokerAsync();
        WakeReport down = sensor.RunWake()!;
        Assert.False(down.Connected);

        // It comes back without the sessions; after the back-off the sensor subscribes again and sends it all.
        await _bench.Gateway.StartBrokerAsync();
        await sensor.Clock.SleepAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        WakeReport back = sensor.RunWake()!;
        Assert.True(back.Connected);
        Assert.Equal(0, back.QueueLeft);

        uint queued = sensor.Agent.State.DetectionSeq;
        SortedSet<uint> seqs = await SensorBench.EventuallyAsync(() => _bench.Gateway.DetectionSeqs("cam-4") is { } s && s.Count == 4 ? s : null,
            "all four detections");
        Assert.Equal(4, sensor.Counters.EventsQueued);
        Assert.Equal(queued - 1, seqs.Max);
        Assert.Equal(3u, seqs.Max - seqs.Min);
        Assert.True(sensor.Counters.FaultsRecovered >= 1);
        Assert.Equal(1, sensor.Counters.OutagesRecovered);
    }

    [Fact]
    public async Task BrownOutMidWake_AgentRestartsFromFlash_NothingAcknowledgedLost()
    {
        AgentSensor sensor = Sensor("cam-5", DetectorKind.Face, o => o.ReportEmpty = true);
        sensor.RunWake();
        Fleet.Agent.DeviceAgent before = sensor.Agent;

        // Power fails at the second publish (after the birth status): the wake never finishes.
        sensor.Link.ArmBrownOut(2);
        Assert.Null(sensor.RunWake());
        Assert.NotSame(before, sensor.Agent);
        Assert.Equal(1, sensor.Counters.BrownOuts);

        WakeReport after = sensor.RunWake()!;
        Assert.True(after.Connected);
        Assert.Equal(0, after.QueueLeft);
        SortedSet<uint> seqs = await SensorBench.EventuallyAsync(() => _bench.Gateway.DetectionSeqs("cam-5") is { Count: 3 } s ? s : null, "three detections");
        Assert.Equal(2u, seqs.Max - seqs.Min);
        Assert.Equal(1, sensor.Counters.FaultsRecovered);
        StatusMessage boot = _bench.Gateway.Of<StatusMessage>().Last(m => m.State == DeviceState.Online);
        Assert.Equal(WakeReason.PowerOn, boot.WakeReason);
    }

    private AgentSensor Sensor(string id, DetectorKind detector, Action<AgentSensorOptions>? configure = null) =>
        _bench.Sensor(id, detector, configure);

    private static int WakeUntilOtaResult(AgentSensor sensor)
    {
        for (int i = 0; i < 10; i++)
        {
            WakeReport report = sensor.RunWake()!;
            if (report.OtaResult >= 0)
            {
                return report.OtaResult;
            }
        }

        throw new Xunit.Sdk.XunitException("no OTA result within 10 wakes");
    }

    private static (System.Security.Cryptography.ECDsa Key, byte[] PublicPoint) NewSigningKey()
    {
        var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        System.Security.Cryptography.ECParameters p = key.ExportParameters(false);
        return (key, [0x04, .. p.Q.X!, .. p.Q.Y!]);
    }
}
