// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Formatter;

namespace Fleet.Sim.Tests.VirtualSensors;

public sealed class VirtualSensorTests : IAsyncLifetime
{
    private const string DeviceId = "cam-test-01";
    private const string Secret = "s3cret-for-tests";
    private TestBroker broker = null!;

    public async Task InitializeAsync()
    {
        broker = await TestBroker.StartAsync();
        broker.AddDevice(DeviceId, Secret);
    }

    public async Task DisposeAsync() => await broker.DisposeAsync();

    [Fact]
    public async Task WakeAsync_FirstWake_PublishesProtocolSequenceThatDecodes()
    {
        VirtualSensor sut = CreateSensor(DetectorKind.Face);

        VirtualSensorWakeResult result = await sut.WakeAsync(CancellationToken.None);
        await broker.WaitForAsync(IsSleepingStatusSeen);

        List<(ObservedMessage Raw, FleetMessage Message)> messages = DecodeAll(broker.Observed);
        Assert.True(messages.Count >= 3, "expected at least birth, telemetry and sleeping status");
        Assert.Equal(messages.Select(m => m.Raw.Topic), result.PublishedTopics);

        StatusMessage birth = Assert.IsType<StatusMessage>(messages[0].Message);
        Assert.Equal(DeviceState.Online, birth.State);
        Assert.Equal(WakeReason.PowerOn, birth.WakeReason);
        Assert.Equal(Topics.For(DeviceId, MessageType.Status), messages[0].Raw.Topic);

        Telemetry telemetry = Assert.IsType<Telemetry>(messages[1].Message);
        Assert.Equal(1u, telemetry.WakeCount);
        Assert.InRange(telemetry.BatteryMv, (ushort)3000, (ushort)4200);
        Assert.InRange(telemetry.SocPm, (ushort)0, (ushort)1000);

        StatusMessage sleeping = Assert.IsType<StatusMessage>(messages[^1].Message);
        Assert.Equal(DeviceState.Sleeping, sleeping.State);
        Assert.Equal(3u, sleeping.NextWakeS);
        Assert.True(sleeping.Sequence > birth.Sequence);

        // Everything between telemetry and the sleeping status is a detection event of this device.
        foreach ((ObservedMessage raw, FleetMessage message) in messages.Skip(2).SkipLast(1))
        {
            DetectionEvent detection = Assert.IsType<DetectionEvent>(message);
            Assert.Equal(DetectorKind.Face, detection.Detector);
            Assert.Equal(Topics.For(DeviceId, MessageType.Detection), raw.Topic);
        }

        Assert.All(messages, m => Assert.Equal(DeviceId, m.Message.DeviceId));
        Assert.False(result.SessionPresent);
        Assert.True(result.ChargeUah > 0);
    }

    [Fact]
    public async Task WakeAsync_Connect_UsesDeviceCredentialsPersistentMqtt5Session()
    {
        VirtualSensor sut = CreateSensor(DetectorKind.Face);

        await sut.WakeAsync(CancellationToken.None);

        ConnectAttempt connect = Assert.Single(broker.Connects, c => c.ClientId == DeviceId);
        Assert.Equal(DeviceId, connect.UserName);
        Assert.Equal(MqttProtocolVersion.V500, connect.ProtocolVersion);
        Assert.False(connect.CleanSession);
        Assert.Equal((uint)TimeSpan.FromDays(7).TotalSeconds, connect.SessionExpiryInterval);
    }

    [Fact]
    public async Task WakeAsync_RetainedDesiredConfig_AppliesItAndPublishesReportedConfig()
    {
        DeviceConfig desired = new(ConfigVersion: 7, WakeIntervalS: 5, TelemetryEvery: 2, ScoreThresholdPmy: 100,
            Detector: DetectorKind.Smile, ModelId: "haar-smile", ModelVersion: 1, ReportEmpty: true);
        await broker.PublishRetainedAsync(Topics.For(DeviceId, MessageType.DesiredConfig),
            FleetCodec.Encode(new DesiredConfig(DeviceId, desired)));
        VirtualSensor sut = CreateSensor(DetectorKind.Face);

        VirtualSensorWakeResult result = await sut.WakeAsync(CancellationToken.None);
        await broker.WaitForAsync(IsSleepingStatusSeen);

        List<(ObservedMessage Raw, FleetMessage Message)> messages = DecodeAll(broker.Observed);
        ReportedConfig reported = Assert.IsType<ReportedConfig>(
            Assert.Single(messages, m => m.Raw.Topic == Topics.For(DeviceId, MessageType.ReportedConfig)).Message);
        Assert.Equal(ConfigApplyResult.Applied, reported.ApplyResult);
        Assert.Equal(desired, reported.Config);
        Assert.Equal(reported, result.ReportedConfig);
        Assert.Equal(desired, sut.Config);

        // The new wake interval is honoured at once: the sleeping status announces it.
        StatusMessage sleeping = Assert.IsType<StatusMessage>(messages[^1].Message);
        Assert.Equal(5u, sleeping.NextWakeS);
        Assert.Equal(TimeSpan.FromSeconds(5), sut.WakeInterval);
    }

    [Fact]
    public async Task WakeAsync_DesiredConfigForUnsupportedDetector_ReportsRejectedAndKeepsConfig()
    {
        DeviceConfig desired = new(3, 10, 1, 5_000, DetectorKind.ThermalPerson, "", 0, false);
        await broker.PublishRetainedAsync(Topics.For(DeviceId, MessageType.DesiredConfig),
            FleetCodec.Encode(new DesiredConfig(DeviceId, desired)));
        VirtualSensor sut = CreateSensor(DetectorKind.Face);

        VirtualSensorWakeResult result = await sut.WakeAsync(CancellationToken.None);

        Assert.NotNull(result.ReportedConfig);
        Assert.Equal(ConfigApplyResult.RejectedInvalid, result.ReportedConfig.ApplyResult);
        Assert.Equal(0u, sut.Config.ConfigVersion);
    }

    [Fact]
    public async Task WakeAsync_SecondWake_ReusesSessionAndContinuesSequences()
    {
        VirtualSensor sut = CreateSensor(DetectorKind.ThermalPerson);

        await sut.WakeAsync(CancellationToken.None);
        VirtualSensorWakeResult second = await sut.WakeAsync(CancellationToken.None);
        await broker.WaitForAsync(o => o.Count(m => IsStatus(m, DeviceState.Sleeping)) == 2);

        Assert.True(second.SessionPresent);
        List<StatusMessage> statuses = DecodeAll(broker.Observed).Select(m => m.Message).OfType<StatusMessage>().ToList();
        Assert.Equal([DeviceState.Online, DeviceState.Sleeping, DeviceState.Online, DeviceState.Sleeping],
            statuses.Select(s => s.State));
        Assert.Equal(WakeReason.Timer, statuses[2].WakeReason);
        // Strictly increasing per type (the will takes a number at each connect, so gaps are expected).
        Assert.True(statuses.Zip(statuses.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence));
        List<Telemetry> telemetry = DecodeAll(broker.Observed).Select(m => m.Message).OfType<Telemetry>().ToList();
        Assert.Equal(2, telemetry.Count);
        Assert.Equal(unchecked(telemetry[0].Sequence + 1), telemetry[1].Sequence);
        Assert.True(telemetry[1].ChargeUsedUah > telemetry[0].ChargeUsedUah);
    }

    [Fact]
    public async Task WakeAsync_SensorRestartedWithSameSeed_DoesNotReuseSequenceNumbers()
    {
        // A restarted demo uses the same seed; its messages must not look like redeliveries of the last run's.
        await CreateSensor(DetectorKind.Face).WakeAsync(CancellationToken.None);
        await CreateSensor(DetectorKind.Face).WakeAsync(CancellationToken.None);
        await broker.WaitForAsync(o => o.Count(m => IsStatus(m, DeviceState.Sleeping)) == 2);

        List<Telemetry> telemetry = DecodeAll(broker.Observed).Select(m => m.Message).OfType<Telemetry>().ToList();
        Assert.Equal(2, telemetry.Count);
        Assert.NotEqual(telemetry[0].Sequence, telemetry[1].Sequence);
    }

    [Fact]
    public async Task WakeAsync_InjectedClock_StampsDeviceTimeAndUptimeFromIt()
    {
        DateTimeOffset start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        FakeTimeProvider clock = new(start);
        VirtualSensorFleetOptions options = Options();
        options.DownlinkWindow = TimeSpan.Zero; // the fake clock does not move by itself, so no timed window
        VirtualSensor sut = new(new VirtualSensorIdentity(DeviceId, Secret, DetectorKind.Face), options, clock,
            NullLogger<VirtualSensor>.Instance, seed: 3);

        clock.Advance(TimeSpan.FromSeconds(90));
        await sut.WakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await broker.WaitForAsync(IsSleepingStatusSeen);

        Telemetry telemetry = DecodeAll(broker.Observed).Select(m => m.Message).OfType<Telemetry>().Single();
        Assert.Equal((ulong)start.AddSeconds(90).ToUnixTimeMilliseconds(), telemetry.DeviceTimeMs);
        Assert.Equal(90u, telemetry.UptimeS);
    }

    [Fact]
    public async Task WakeAsync_WrongSecret_ThrowsConnectExceptionWithoutPublishing()
    {
        VirtualSensor sut = new(new VirtualSensorIdentity(DeviceId, "wrong", DetectorKind.Face), Options(),
            TimeProvider.System, NullLogger<VirtualSensor>.Instance, seed: 1);

        VirtualSensorConnectException ex = await Assert.ThrowsAsync<VirtualSensorConnectException>(
            () => sut.WakeAsync(CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Empty(broker.Observed);
    }

    private VirtualSensor CreateSensor(DetectorKind detector) =>
        new(new VirtualSensorIdentity(DeviceId, Secret, detector), Options(), TimeProvider.System,
            NullLogger<VirtualSensor>.Instance, seed: 1234);

    private VirtualSensorFleetOptions Options() => new()
    {
        BrokerHost = "127.0.0.1",
        BrokerPort = broker.Port,
        WakeInterval = TimeSpan.FromSeconds(3),
        DownlinkWindow = TimeSpan.FromMilliseconds(300),
    };

    private static bool IsSleepingStatusSeen(IReadOnlyList<ObservedMessage> observed) =>
        observed.Any(m => IsStatus(m, DeviceState.Sleeping));

    private static bool IsStatus(ObservedMessage m, DeviceState state) =>
        FleetCodec.Decode(m.Payload).Message is StatusMessage s && s.State == state;

    private static List<(ObservedMessage Raw, FleetMessage Message)> DecodeAll(IReadOnlyList<ObservedMessage> observed) =>
        observed.Select(raw =>
        {
            DecodeResult decoded = FleetCodec.Decode(raw.Payload);
            Assert.True(decoded.IsSuccess, $"{raw.Topic}: {decoded.Error} {decoded.Detail}");
            Assert.True(Topics.TryParse(raw.Topic, out string topicDevice, out MessageType type));
            Assert.Equal(type, decoded.Message.Type);
            Assert.Equal(topicDevice, decoded.Message.DeviceId);
            return (raw, decoded.Message);
        }).ToList();
}
