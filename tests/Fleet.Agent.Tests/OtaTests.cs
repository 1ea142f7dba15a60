using Fleet.Agent.Ports;
using Fleet.Agent.Wake;
using Fleet.Contracts.Messages;

namespace Fleet.Agent.Tests;

/// <summary>
/// Model updates over a real MQTT broker against the gateway double: resumed across reboots and power cuts from
/// the slots' journal, verified, self-tested by the C core and reported; refused on a low battery.
/// </summary>
public sealed class OtaTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string ModelId = "test.agent";

    [Theory]
    [InlineData(SlotsKind.Native)]
    [InlineData(SlotsKind.Files)]
    public async Task Transfer_SurvivesRebootsAndPowerCuts_ResumesFromJournal_AndActivates(SlotsKind kind)
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (var key, byte[] publicPoint) = TestDevice.NewSigningKey();
        byte[] artifact = TestModels.Model(ModelId, 2);
        // A budget that fits a window or two of chunks per wake, so the transfer must span wakes.
        using var device = new TestDevice("cam-ota", broker.Port, TimeProvider.System, publicPoint, o =>
        {
            o.RadioBudgetMs = 1400;
            o.OtaWindow = 2;
        }, kind);
        OtaOffer offer = TestModels.Offer("cam-ota", 41, ModelId, 2, artifact, key, chunkSize: 32);
        await gateway.OfferAsync("cam-ota", offer, artifact);
        await gateway.FlushAsync();

        int wakes = 0, powerCuts = 0;
        var progress = new List<uint>();
        while (wakes < 60)
        {
            wakes++;
            bool cut = wakes % 3 == 0;
            // Every third wake the power fails mid-transfer: the link dies after one chunk request, no DISCONNECT.
            device.Boot(cut ? new PowerCutLink(device.Link, "up/ota/request", after: 1) : null);
            WakeReport report;
            try
            {
                report = device.Agent.RunWake();
            }
            catch (PowerCutException)
            {
                device.Link.Abort();
                device.Link.ForgetInbox();
                powerCuts++;
                progress.Add(device.Models.Status.PendingBytesWritten);
                continue;
            }
            Assert.True(report.Connected);
            if (report.OtaResult >= 0)
            {
                Assert.Equal(0, report.OtaResult);
                break;
            }
            progress.Add(device.Models.Status.PendingBytesWritten);
        }

        Assert.Contains(progress, p => p > 0 && p < artifact.Length); // carried over a wake boundary half done
        Assert.True(powerCuts >= 1);
        output.WriteLine($"{kind}: {artifact.Length} bytes in {wakes} wakes ({powerCuts} power cuts, a reboot before every wake), " +
            $"{gateway.BytesServed} bytes served, pending bytes after each wake: {string.Join(",", progress)}");
        Assert.Equal(artifact, device.ActiveModel());
        Assert.Equal(2u, device.Models.Status.ActiveVersion);
        Assert.False(device.Models.Status.HasPending);
        // Resumed, never restarted: the bytes served stay well below re-downloading from zero at every wake.
        Assert.True(gateway.BytesServed < artifact.Length * 2, $"{gateway.BytesServed} bytes served for {artifact.Length}");
        await gateway.FlushAsync();
        await WaitForAsync(() => gateway.Of<OtaResult>().Length > 0);
        OtaResult result = Assert.Single(gateway.Of<OtaResult>());
        Assert.Equal((41u, OtaResultCode.Activated, 2u), (result.OfferId, result.Code, result.ActiveModelVersion));
        Assert.Empty(gateway.Rejected);

        // The next wake runs the new model without fault and confirms it; the cleared offer is not re-taken.
        WakeReport after = device.Agent.RunWake();
        Assert.Equal(-1, after.OtaResult);
        Assert.False(device.Agent.State.AwaitingConfirm);
    }

    [Theory]
    [InlineData(SlotsKind.Native)]
    [InlineData(SlotsKind.Files)]
    public async Task SignedButBrokenModel_FailsSelfTest_PreviousModelStaysActive(SlotsKind kind)
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (var key, byte[] publicPoint) = TestDevice.NewSigningKey();
        using var device = new TestDevice("cam-bad", broker.Port, TimeProvider.System, publicPoint, kind: kind);
        byte[] good = TestModels.Model(ModelId, 1);
        await gateway.OfferAsync("cam-bad", TestModels.Offer("cam-bad", 1, ModelId, 1, good, key, 512), good);
        await gateway.FlushAsync();
        Assert.Equal(0, RunUntilResult(device));

        // Signed as is, so hash and signature pass and it loads; its own self-test vector does not reproduce.
        byte[] broken = TestModels.Model(ModelId, 2, wrongSelfTest: true);
        await gateway.OfferAsync("cam-bad", TestModels.Offer("cam-bad", 2, ModelId, 2, broken, key, 512), broken);
        await gateway.FlushAsync();
        Assert.Equal(7, RunUntilResult(device));
        Assert.Equal(1u, device.Models.Status.ActiveVersion);
        Assert.Equal(good, device.ActiveModel());
        await WaitForAsync(() => gateway.Of<OtaResult>().Length == 2);
        OtaResult last = gateway.Of<OtaResult>()[^1];
        Assert.Equal((2u, OtaResultCode.SelfTestFailed, 1u), (last.OfferId, last.Code, last.ActiveModelVersion));
    }

    [Theory]
    [InlineData(SlotsKind.Native)]
    [InlineData(SlotsKind.Files)]
    public async Task WrongSigner_IsRefusedAsBadSignature(SlotsKind kind)
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (_, byte[] trusted) = TestDevice.NewSigningKey();
        (var other, _) = TestDevice.NewSigningKey();
        using var device = new TestDevice("cam-sig", broker.Port, TimeProvider.System, trusted, kind: kind);
        byte[] model = TestModels.Model(ModelId, 3);
        await gateway.OfferAsync("cam-sig", TestModels.Offer("cam-sig", 5, ModelId, 3, model, other, 1024), model);
        await gateway.FlushAsync();
        Assert.Equal(2, RunUntilResult(device));
        Assert.Equal(0u, device.Models.Status.ActiveVersion);
    }

    [Fact]
    public async Task LowBattery_RefusesTheOffer_AndReportsIt()
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (var key, byte[] publicPoint) = TestDevice.NewSigningKey();
        using var device = new TestDevice("cam-low", broker.Port, TimeProvider.System, publicPoint);
        device.Battery.SocPm = device.Options.OtaMinSocPm - 1;
        byte[] model = TestModels.Model(ModelId, 4);
        await gateway.OfferAsync("cam-low", TestModels.Offer("cam-low", 9, ModelId, 4, model, key, 256), model);
        await gateway.FlushAsync();

        WakeReport report = device.Agent.RunWake();
        Assert.Equal(OtaTransfer.DeferredLowBattery, report.OtaResult);
        Assert.Equal(0, gateway.ChunkRequests);
        Assert.Equal(1u, device.Agent.State.OtaRefusedLowBattery);
        await WaitForAsync(() => gateway.Of<OtaResult>().Length == 1);
        // Code 9 on the wire: a refusal for a low cell, which the gateway must not count as a failed transfer.
        Assert.Equal(OtaResultCode.DeferredLowBattery, gateway.Of<OtaResult>()[0].Code);
    }

    [Theory]
    [InlineData(SlotsKind.Native)]
    [InlineData(SlotsKind.Files)]
    public async Task NewModelThatFaults_IsRolledBack_AndTheRollbackIsReported(SlotsKind kind)
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (var key, byte[] publicPoint) = TestDevice.NewSigningKey();
        using var device = new TestDevice("cam-rb", broker.Port, TimeProvider.System, publicPoint, kind: kind);
        byte[] v1 = TestModels.Model(ModelId, 1);
        await gateway.OfferAsync("cam-rb", TestModels.Offer("cam-rb", 1, ModelId, 1, v1, key, 1024), v1);
        await gateway.FlushAsync();
        Assert.Equal(0, RunUntilResult(device));
        device.Agent.RunWake(); // v1 runs cleanly: confirmed
        byte[] v2 = TestModels.Model(ModelId, 2);
        await gateway.OfferAsync("cam-rb", TestModels.Offer("cam-rb", 2, ModelId, 2, v2, key, 1024), v2);
        await gateway.FlushAsync();
        Assert.Equal(0, RunUntilResult(device));
        Assert.Equal(2u, device.Models.Status.ActiveVersion);

        // v2 faults on every pass of the sensing loop until the slots give up on it.
        for (int i = 0; i < 5 && device.Models.Status.ActiveVersion == 2; i++)
        {
            device.Core.SignalModelFault();
            device.Agent.RunWake();
        }
        Assert.Equal(1u, device.Models.Status.ActiveVersion);
        Assert.Equal(v1, device.ActiveModel());
        await WaitForAsync(() => gateway.Of<OtaResult>().Any(r => r.Code == OtaResultCode.RolledBack));
        OtaResult rolledBack = gateway.Of<OtaResult>().Single(r => r.Code == OtaResultCode.RolledBack);
        Assert.Equal((2u, 1u), (rolledBack.OfferId, rolledBack.ActiveModelVersion));
    }

    /// <summary>
    /// An offer the broker delivers while the device is saying goodnight (after its last look at the inbox, before
    /// DISCONNECT) was acknowledged on arrival and will not come again on the persistent session: the next wake
    /// must still act on it instead of leaving the rollout waiting for a stall timeout.
    /// </summary>
    [Fact]
    public async Task OfferDeliveredAsTheDeviceGoesToSleep_IsTakenOnTheNextWake()
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (var key, byte[] publicPoint) = TestDevice.NewSigningKey();
        using var device = new TestDevice("cam-late", broker.Port, TimeProvider.System, publicPoint);
        Assert.True(device.Agent.RunWake().Connected); // the persistent session and its subscription exist from here

        byte[] artifact = TestModels.Model(ModelId, 2);
        var late = new SleepHookLink(device.Link, () =>
        {
            gateway.OfferAsync("cam-late", TestModels.Offer("cam-late", 7, ModelId, 2, artifact, key, 512), artifact)
                .GetAwaiter().GetResult();
            gateway.FlushAsync().GetAwaiter().GetResult();
            SpinWait.SpinUntil(() => device.Link.InboxCount > 0, TimeSpan.FromSeconds(10));
        });
        device.Boot(late);
        WakeReport goodnight = device.Agent.RunWake();
        Assert.True(late.Fired);
        Assert.Equal(-1, goodnight.OtaResult);
        Assert.True(device.Link.InboxCount > 0, "the offer did not arrive before DISCONNECT");

        device.Boot();
        Assert.Equal(0, RunUntilResult(device));
        Assert.Equal(2u, device.Models.Status.ActiveVersion);
        await WaitForAsync(() => gateway.Of<OtaResult>().Length > 0);
        Assert.Equal(7u, Assert.Single(gateway.Of<OtaResult>()).OfferId);
    }

    private static int RunUntilResult(TestDevice device)
    {
        for (int i = 0; i < 20; i++)
        {
            WakeReport report = device.Agent.RunWake();
            if (report.OtaResult >= 0)
            {
                return report.OtaResult;
            }
        }
        throw new Xunit.Sdk.XunitException("no OTA result within 20 wakes");
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        // Delivery to the gateway double is asynchronous; this waits for it, it does not time anything.
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }
}

/// <summary>Thrown by <see cref="PowerCutLink"/> where the supply would have failed.</summary>
internal sealed class PowerCutException : Exception;

/// <summary>Forwards to a real link and cuts the power after a number of publishes to one topic.</summary>
internal sealed class PowerCutLink(IMqttLink inner, string topicSuffix, int after) : IMqttLink
{
    private int _count;

    public ConnectOutcome Connect(ConnectRequest request) => inner.Connect(request);
    public bool Subscribe(string topicFilter) => inner.Subscribe(topicFilter);
    public InboundMessage? Receive(int timeoutMs) => inner.Receive(timeoutMs);
    public void Disconnect() => inner.Disconnect();

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (topic.EndsWith(topicSuffix, StringComparison.Ordinal) && ++_count > after)
        {
            throw new PowerCutException();
        }
        return inner.Publish(topic, payload, retain);
    }
}

/// <summary>Runs <paramref name="onSleeping"/> right after the agent published its sleeping status (its last message of the wake).</summary>
internal sealed class SleepHookLink(IMqttLink inner, Action onSleeping) : IMqttLink
{
    private int _statuses;

    public bool Fired { get; private set; }

    public ConnectOutcome Connect(ConnectRequest request) => inner.Connect(request);
    public bool Subscribe(string topicFilter) => inner.Subscribe(topicFilter);
    public InboundMessage? Receive(int timeoutMs) => inner.Receive(timeoutMs);
    public void Disconnect() => inner.Disconnect();

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        bool ok = inner.Publish(topic, payload, retain);
        // The wake's statuses: online first, sleeping last.
        if (topic.EndsWith("up/status", StringComparison.Ordinal) && ++_statuses == 2)
        {
            Fired = true;
            onSleeping();
        }
        return ok;
    }
}
