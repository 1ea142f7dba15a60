using System.Net;
using System.Net.Sockets;
using Fleet.Agent.Protocol;
using Fleet.Agent.Wake;
using Fleet.Contracts.Messages;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Fleet.Agent.Tests;

/// <summary>
/// A day of one-minute wakes with no broker listening (a real closed port, real MQTT client), on simulated time:
/// retries back off, their energy stays inside the daily cap, the queue keeps every detection and drops only
/// telemetry, and once the broker is back everything kept arrives.
/// </summary>
public sealed class UnreachableBrokerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ADayWithoutBroker_RetriesWithinTheEnergyBudget_AndLosesNothingBeyondThePolicy()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        int port = Broker.FreePort();
        // Bound but not listening: a CONNECT to it is refused like a closed port's, and no other test running
        // meanwhile can take the port for its broker (the agent would then reach a live server).
        using var reservation = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reservation.Bind(new IPEndPoint(IPAddress.Loopback, port));
        (_, byte[] publicPoint) = TestDevice.NewSigningKey();
        var initial = AgentOptions.DefaultSettings();
        initial.WakeIntervalS = 60;
        initial.TelemetryEvery = 1;
        using var device = new TestDevice("cam-dark", port, time, publicPoint, o =>
        {
            o.InitialSettings = initial;
            o.QueueMaxItems = 300;
            o.QueueMaxBytes = 64 * 1024;
        });
        AgentOptions options = device.Options;

        const int WakesPerDay = 1440;
        int detections = 0, attempts = 0, attemptsFirstHour = 0;
        ulong energyUj = 0;
        var attemptTimes = new List<TimeSpan>();
        for (int wake = 0; wake < WakesPerDay; wake++)
        {
            if (wake % 10 == 0)
            {
                device.Core.Submit(Detection(time, detections++));
            }
            WakeReport report = device.Agent.RunWake();
            Assert.False(report.Connected);
            if (report.ConnectResult >= 0)
            {
                attempts++;
                attemptTimes.Add(TimeSpan.FromMinutes(wake));
                attemptsFirstHour += wake < 60 ? 1 : 0;
            }
            energyUj += report.RadioEnergyUj;
            time.Advance(TimeSpan.FromSeconds(60));
        }

        AgentState state = device.Agent.State;
        output.WriteLine($"attempts {attempts} (first hour {attemptsFirstHour}), retry energy {energyUj / 1e6:F1} J of {options.RetryBudgetUjPerDay / 1e6:F1} J, " +
            $"queued {device.Agent.Queue.Count}, dropped telemetry {state.DroppedTelemetry}, dropped detections {state.DroppedDetections}");
        output.WriteLine("attempt times: " + string.Join(" ", attemptTimes.Select(t => $"{t.TotalMinutes:F0}m")));

        Assert.True(energyUj <= options.RetryBudgetUjPerDay, $"{energyUj} µJ spent on retries");
        Assert.Equal(energyUj, state.RetryEnergyTotalUj);
        Assert.True(attempts >= 5, "the agent must keep trying");
        Assert.True(attemptsFirstHour <= 7, $"{attemptsFirstHour} attempts in the first hour is a retry storm");
        for (int i = 2; i < attemptTimes.Count; i++)
        {
            // Exponential spacing up to the cap (jitter is ±20 %).
            TimeSpan gap = attemptTimes[i] - attemptTimes[i - 1], before = attemptTimes[i - 1] - attemptTimes[i - 2];
            Assert.True(gap >= before * 0.6 || gap >= TimeSpan.FromSeconds(options.BackoffMaxS * 0.8), $"gap {gap} after {before}");
        }
        // The documented policy: 144 detections + 1440 telemetry into 300 places drops only the oldest telemetry.
        Assert.Equal(0u, state.DroppedDetections);
        Assert.Equal((uint)(detections + WakesPerDay - options.QueueMaxItems), state.DroppedTelemetry);
        Assert.Equal(options.QueueMaxItems, device.Agent.Queue.Count);

        // The broker comes back: within the next day's first attempts everything kept is delivered.
        reservation.Dispose();
        await using Broker broker = await Broker.StartAsync(port);
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(port);
        int extraWakes = 0;
        while (device.Agent.Queue.Count > 0 && extraWakes < 200)
        {
            device.Agent.RunWake();
            time.Advance(TimeSpan.FromSeconds(60));
            extraWakes++;
        }
        Assert.Equal(0, device.Agent.Queue.Count);
        uint telemetrySent = (uint)(WakesPerDay + extraWakes) - state.DroppedTelemetry;
        await OtaTests.WaitForAsync(() => gateway.Of<DetectionEvent>().Length == detections && gateway.Of<Telemetry>().Length == telemetrySent);
        // Every telemetry carries the running drop totals of when it was taken (keys 16/17): they never go down,
        // and the newest equals the state's.
        Telemetry[] telemetry = gateway.Of<Telemetry>().OrderBy(t => t.Sequence).ToArray();
        Assert.All(telemetry, t => Assert.Equal(0u, t.DroppedDetections));
        uint[] droppedSeen = telemetry.Select(t => t.DroppedTelemetry ?? uint.MaxValue).ToArray();
        Assert.Equal(droppedSeen.Order(), droppedSeen);
        Assert.Equal(state.DroppedTelemetry, droppedSeen[^1]);
        uint[] seqs = gateway.Of<DetectionEvent>().Select(d => d.Sequence).ToArray();
        Assert.Equal(Enumerable.Range(0, detections).Select(i => unchecked(seqs[0] + (uint)i)), seqs);
        Assert.Empty(gateway.Rejected);
        output.WriteLine($"delivered after {extraWakes} more wakes: {detections} detections, {telemetrySent} telemetry");
    }

    private static DetectionRecord Detection(TimeProvider time, int n) => new()
    {
        DeviceTimeMs = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds(),
        Detector = 0,
        Boxes = [new Fleet.Agent.Protocol.DetectionBox { X = (uint)n, Y = 1, W = 20, H = 20, ScorePmy = 8000, Label = "face" }],
        InferenceUs = 1000,
    };
}
