// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Ingest;

/// <summary>
/// W3C trace context in MQTT 5 user properties: a device's <c>traceparent</c> becomes the parent of the gateway's
/// span for that message (open until commit), and a downlink carries the publishing activity's <c>traceparent</c>.
/// Other tests' gateways share the source name, so spans are picked out by this test's trace id.
/// </summary>
public sealed class TraceContextTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TraceContextTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Ingest_TelemetryWithTraceparent_MessageSpanIsChildOfDeviceSpanAndBatchSpanLinksIt()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var secret = (await gateway.ProvisionAsync("trace-1"))["trace-1"];
        await using var device = await gateway.ConnectDeviceAsync("trace-1", secret);
        var traceId = ActivityTraceId.CreateRandom();
        var deviceSpan = ActivitySpanId.CreateRandom();
        var traceParent = $"00-{traceId.ToHexString()}-{deviceSpan.ToHexString()}-01";

        var result = await device.Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.For("trace-1", MessageType.Telemetry))
            .WithPayload(Payloads.Encode(Payloads.Telemetry("trace-1", 1)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithUserProperty(MqttTraceContext.TraceParentProperty, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(traceParent))
            .Build());
        Assert.True(result.IsSuccess, result.ReasonCode.ToString());

        Activity? message = null;
        await Eventually.UntilAsync(() =>
        {
            message = _stopped.FirstOrDefault(a =>
                a.OperationName == GatewayTelemetry.IngestMessageActivityName && a.TraceId == traceId);
            return message is not null;
        }, "the ingest span of the traced message stopped");

        Assert.Equal(deviceSpan, message!.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, message.Kind);
        Assert.Equal("stored", message.GetTagItem(GatewayTelemetry.OutcomeTag));
        // The span ends after the commit, so the row is there by now.
        Assert.Equal(1, await gateway.CountRowsAsync("telemetry"));
        var batch = _stopped.Single(a => a.OperationName == GatewayTelemetry.IngestBatchActivityName
            && a.Links.Any(l => l.Context.TraceId == traceId));
        Assert.Equal(message.SpanId, batch.Links.Single(l => l.Context.TraceId == traceId).Context.SpanId);
    }

    [Fact]
    public async Task Ingest_MalformedTraceparent_MessageStillStoredInANewTrace()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var secret = (await gateway.ProvisionAsync("trace-2"))["trace-2"];
        await using var device = await gateway.ConnectDeviceAsync("trace-2", secret);

        var result = await device.Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.For("trace-2", MessageType.Telemetry))
            .WithPayload(Payloads.Encode(Payloads.Telemetry("trace-2", 1)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithUserProperty(MqttTraceContext.TraceParentProperty, (ReadOnlyMemory<byte>)"00-not-a-trace"u8.ToArray())
            .Build());

        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 1, "telemetry stored");
    }

    [Fact]
    public async Task Downlink_PublishedUnderAnActivity_CarriesTraceparentOfThatTrace()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var secret = (await gateway.ProvisionAsync("trace-3"))["trace-3"];
        await using var device = await gateway.ConnectDeviceAsync("trace-3", secret);
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await device.Client.SubscribeAsync(Topics.DownlinkFilter("trace-3"), MqttQualityOfServiceLevel.AtLeastOnce);

        using var source = new ActivitySource("Fleet.Gateway.Tests.Trace");
        using var operatorListener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(operatorListener);
        ActivityTraceId traceId;
        using (var request = source.StartActivity("operator request"))
        {
            Assert.NotNull(request);
            traceId = request.TraceId;
            await gateway.Services.GetRequiredService<DownlinkPublisher>().PublishAsync(
                Topics.For("trace-3", MessageType.DesiredConfig), [0xA0], retain: false, CancellationToken.None);
        }

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(MqttTraceContext.TryGetParent(message.UserProperties, out var parent));
        Assert.Equal(traceId, parent.TraceId);
        // The parent the device sees is the gateway's publish span, itself a child of the operator's request.
        var publish = _stopped.Single(a => a.OperationName == GatewayTelemetry.DownlinkPublishActivityName
            && a.TraceId == traceId);
        Assert.Equal(publish.SpanId, parent.SpanId);
    }
}
