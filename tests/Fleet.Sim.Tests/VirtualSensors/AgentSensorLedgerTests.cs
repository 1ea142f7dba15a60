// SPDX-License-Identifier: MIT
using Fleet.Agent.Wake;
using Fleet.Contracts.Messages;
using Fleet.Sim.Energy;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>
/// A virtual sensor's telemetry carries the wake ledger (key 15) of its previous wake, split by state from the
/// charge the energy model drew from its cell: checked on what the gateway's codec decoded from a real broker.
/// </summary>
public sealed class AgentSensorLedgerTests : IAsyncLifetime
{
    // Each of the 8 entries is rounded to a whole µC.
    private const double RoundingUc = 8 * 0.5;

    private readonly SensorEnergy _energy = SensorEnergy.Load(new SensorEnergyOptions());
    private SensorBench _bench = null!;

    public async Task InitializeAsync() => _bench = await SensorBench.StartAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Theory]
    [InlineData(DetectorKind.Face)]
    [InlineData(DetectorKind.ThermalPerson)]
    public async Task Telemetry_CarriesThePreviousWakesLedger_SummingToWhatTheCellLostInThatWake(DetectorKind detector)
    {
        string id = "ledger-" + detector;
        AgentSensor sensor = Sensor(id, detector);

        NextFrameWithSubject(sensor, detector, seed: 1);
        WakeReport first = sensor.RunWake()!;
        NextFrameWithSubject(sensor, detector, seed: 2);
        double before = sensor.CellChargeUsedUah;
        WakeReport second = sensor.RunWake()!;
        double secondUc = (sensor.CellChargeUsedUah - before) * 3600.0;
        uint[] recorded = [.. sensor.WakeLedgerUc!];
        WakeReport third = sensor.RunWake()!;

        Telemetry[] telemetry = await SensorBench.EventuallyAsync(() =>
        {
            Telemetry[] t = [.. _bench.Gateway.Of<Telemetry>().Where(m => m.DeviceId == id).OrderBy(m => m.Sequence)];
            return t.Length >= 3 ? t : null;
        }, () => $"three telemetry messages (undecodable: {string.Join("; ", _bench.Gateway.Undecodable)}; uplinks: {string.Join(", ", _bench.Gateway.Uplinks.Select(u => u.DeviceId + "/" + u.Type))}; connected {first.Connected} {second.Connected} {third?.Connected} {third?.RadioSkipped} {third?.ConnectResult} {third?.Published})");

        // Nothing had completed before the first wake, so its telemetry has no ledger; the third carries the second's.
        Assert.Null(telemetry[0].WakeLedgerUc);
        IReadOnlyList<uint> ledger = Assert.IsAssignableFrom<IReadOnlyList<uint>>(telemetry[2].WakeLedgerUc);
        Assert.Equal(8, ledger.Count);

        // The cell is drawn for a wake and the sleep after it; the ledger counts the sleep before it. With the same
        // interval on both sides of the second wake the two come to the same charge.
        Assert.Equal(first.NextWakeS, second.NextWakeS);
        double sumUc = ledger.Sum(e => (double)e);
        Assert.True(Math.Abs(sumUc - secondUc) <= RoundingUc, $"ledger {string.Join(' ', ledger)} sums to {sumUc} µC, the cell lost {secondUc:F1} µC");

        Assert.True(second.Connected);
        Assert.All(new[] { WakeLedgerState.Sleep, WakeLedgerState.Wake, WakeLedgerState.Capture, WakeLedgerState.Detect,
            WakeLedgerState.RadioConnect, WakeLedgerState.RadioTx },
            s => Assert.True(ledger[(int)s] > 0, $"{s} is 0 in {string.Join(' ', ledger)}"));
        Assert.Equal(recorded, ledger);
    }

    [Fact]
    public void UnreachableBroker_ChargesTheSearchButNoTraffic_AndAPowerCutKeepsTheLastLedger()
    {
        AgentSensor sensor = Sensor("ledger-unreachable", DetectorKind.Face, o => o.BrokerPort = ClosedPort());

        Assert.Null(sensor.WakeLedgerUc);
        Assert.False(sensor.RunWake()!.Connected);
        IReadOnlyList<uint> ledger = sensor.WakeLedgerUc!;

        // Powered on, not woken from a sleep; the radio searched (connect and the session's receive tail), but
        // nothing was transmitted.
        Assert.Equal(0u, ledger[(int)WakeLedgerState.Sleep]);
        Assert.True(ledger[(int)WakeLedgerState.RadioConnect] > 0);
        Assert.Equal(0u, ledger[(int)WakeLedgerState.RadioTx]);
        double sessionRxUc = DeviceEnergyModel.Units(_energy.CameraParameters).SessionRxUc * sensor.LastWakeActivity.Sessions;
        Assert.Equal(Math.Round(sessionRxUc, MidpointRounding.AwayFromZero), ledger[(int)WakeLedgerState.RadioRx]);

        sensor.Reboot();
        Assert.Equal(ledger, sensor.WakeLedgerUc);
    }

    [Fact]
    public void BrownOutMidWake_IsNoCompleteWake_TheLastLedgerStays()
    {
        AgentSensor sensor = Sensor("ledger-brownout", DetectorKind.Face);
        Assert.True(sensor.RunWake()!.Connected);
        uint[] complete = [.. sensor.WakeLedgerUc!];

        sensor.Link.ArmBrownOut(2);
        Assert.Null(sensor.RunWake());

        Assert.Equal(complete, sensor.WakeLedgerUc);
        Assert.True(sensor.RunWake()!.Connected);
        Assert.NotEqual(complete, sensor.WakeLedgerUc);
    }

    private static void NextFrameWithSubject(AgentSensor sensor, DetectorKind detector, int seed)
    {
        if (detector == DetectorKind.ThermalPerson)
        {
            sensor.UseFrameNext(SyntheticScenes.Thermal(new Random(seed), person: true));
        }
        else
        {
            sensor.UseFrameNext(SyntheticScenes.Camera(new Random(seed), face: true));
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private AgentSensor Sensor(string id, DetectorKind detector, Action<AgentSensorOptions>? configure = null) =>
        _bench.Sensor(id, detector, o =>
        {
            o.TelemetryEvery = 1;
            o.BatteryTimeScale = 100;
            o.Energy = _energy;
            configure?.Invoke(o);
        }, seed: 7);
}
