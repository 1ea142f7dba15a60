// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>
/// What the agent-sensor tests share: a real broker decoding with the gateway's codec (<see cref="RestartableGateway"/>),
/// one flash folder, and the virtual sensors a test made, all disposed together.
/// </summary>
internal sealed class SensorBench : IAsyncDisposable
{
    private readonly string _flash = Path.Combine(Path.GetTempPath(), "sim-sensor-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<AgentSensor> _sensors = [];

    private SensorBench(RestartableGateway gateway) => Gateway = gateway;

    /// <summary>The synthetic frame library's detectors (no ../shared needed).</summary>
    public static NativeDetectors Detectors { get; } = new(FrameLibrary.Synthetic());

    public RestartableGateway Gateway { get; }

    public static async Task<SensorBench> StartAsync() => new(await RestartableGateway.StartAsync());

    /// <summary>
    /// Provisions <paramref name="id"/> and builds its sensor: 60-s wakes run 1,000× fast against the bench's broker;
    /// <paramref name="configure"/> changes the rest. The seed defaults to one derived from the id.
    /// </summary>
    public AgentSensor Sensor(string id, DetectorKind detector, Action<AgentSensorOptions>? configure = null, int? seed = null)
    {
        Gateway.AddDevice(id, "secret-" + id);
        var options = new AgentSensorOptions
        {
            BrokerPort = Gateway.Port,
            FlashDirectory = _flash,
            Speed = 1000,
            WakeIntervalS = 60,
        };
        configure?.Invoke(options);
        var sensor = new AgentSensor(new VirtualSensorIdentity(id, "secret-" + id, detector), options, Detectors,
            TimeProvider.System, seed ?? id.GetHashCode(StringComparison.Ordinal));
        _sensors.Add(sensor);
        return sensor;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value (20 s at most), for what the broker delivers.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<T?> probe, Func<string> what) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what()}");
            }

            await Task.Delay(20);
        }
    }

    public static Task<T> EventuallyAsync<T>(Func<T?> probe, string what) where T : class => EventuallyAsync(probe, () => what);

    public async ValueTask DisposeAsync()
    {
        foreach (AgentSensor s in _sensors)
        {
            s.Dispose();
        }

        await Gateway.DisposeAsync();
        if (Directory.Exists(_flash))
        {
            Directory.Delete(_flash, recursive: true);
        }
    }
}
