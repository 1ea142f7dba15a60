// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.ModelSigning;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// A device that speaks the OTA protocol over MQTT like the firmware: takes the retained offer, requests chunks
/// from the offset it holds, checks the whole artifact's SHA-256 and the ES256 signature under its provisioned key,
/// and reports a result. It keeps partial bytes across connections (resume), can fail its self-test, stop
/// mid-transfer (power loss) or stay disconnected (asleep). Like the agent (OtaTransfer) it asks again when a chunk
/// does not come (a request can sit in a dead gateway instance's session until a peer adopts it), and a newer or
/// cleared offer ends the transfer under way.
/// </summary>
public sealed class OtaTestDevice : IAsyncDisposable
{
    private static readonly TimeSpan ChunkTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Requests per chunk before the transfer waits for the next offer (the agent's per-wake limit).</summary>
    private const int RequestsPerChunk = 12;

    private readonly int _port;
    private readonly string _secret;
    private readonly ModelVerificationKey _trusted;
    private readonly ConcurrentQueue<OtaChunk> _chunks = new();
    private readonly SemaphoreSlim _chunkArrived = new(0);
    private readonly Lock _lock = new();
    private IMqttClient? _client;
    private Task _transfer = Task.CompletedTask;
    private OtaOffer? _nextOffer;
    private uint _offerGeneration;
    private byte[]? _held;
    private byte[]? _heldSha;
    private uint _seq;

    /// <param name="firstSequence">The first uplink sequence number: a device that carries on after a gateway restart
    /// continues its numbering, or the gateway counts its uplinks as redeliveries.</param>
    public OtaTestDevice(int port, string deviceId, string secret, ModelVerificationKey trusted, uint firstSequence = 1)
    {
        _seq = firstSequence;
        _port = port;
        DeviceId = deviceId;
        _secret = secret;
        _trusted = trusted;
    }

    public string DeviceId { get; }

    /// <summary>Report code 7 (self-test failed; the previous model stays active) instead of activating.</summary>
    public bool FailSelfTest { get; set; }

    /// <summary>Refuse this many offers with code 9 (DeferredLowBattery) without fetching, like a device on a low cell.</summary>
    public int DeferOffers { get; set; }

    /// <summary>Lose this many offers on arrival, like a device whose offer came in as it went to sleep.</summary>
    public int LoseOffers { get; set; }

    /// <summary>Drop the connection once this many bytes are held (once).</summary>
    public long? StopAfterBytes { get; set; }

    public uint ActiveVersion { get; private set; } = 1;

    /// <summary>Bytes held of the artifact being fetched.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>Every (offer id, offset) it requested, in order.</summary>
    public ConcurrentQueue<(uint OfferId, uint Offset)> Requests { get; } = new();

    /// <summary>Every non-empty offer it received.</summary>
    public ConcurrentQueue<OtaOffer> Offers { get; } = new();

    /// <summary>Every result it reported.</summary>
    public ConcurrentQueue<OtaResultCode> Results { get; } = new();

    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>
    /// Wakes: connects (persistent session), subscribes to its downlink. Like a real device it tries again if the
    /// broker drops the fresh connection (the embedded broker may still be ending an earlier session of the same id).
    /// </summary>
    public async Task ConnectAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
                return Task.CompletedTask;
            };
            try
            {
                var result = await client.ConnectAsync(TestDevice.Options(_port, DeviceId, DeviceId, _secret));
                Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
                _client = client;
                await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(f => f.WithTopic(Topics.DownlinkFilter(DeviceId))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                    .Build());
                return;
            }
            catch (MQTTnet.Exceptions.MqttClientDisconnectedException) when (attempt < 5)
            {
                _client = null;
                client.Dispose();
            }
        }
    }

    /// <summary>Sleeps: says when it will wake again, then disconnects normally.</summary>
    public async Task SleepAsync(uint nextWakeS)
    {
        await PublishAsync(new StatusMessage(DeviceId, _seq++, 1, DeviceState.Sleeping, "1.0.0", WakeReason.Timer, nextWakeS));
        await DisconnectAsync();
    }

    public Task PublishTelemetryAsync(ushort socPm) => PublishAsync(new Telemetry(DeviceId, _seq++, 1, 3900, socPm, 2100,
        0, _seq, 10, "1.0.0", "person-det", ActiveVersion, -60));

    public Task PublishStatusAsync(uint nextWakeS, WakeReason reason = WakeReason.Timer) =>
        PublishAsync(new StatusMessage(DeviceId, _seq++, 1, DeviceState.Online, "1.0.0", reason, nextWakeS));

    /// <summary>A detection event of the model it runs: one smile box, or none (an empty frame's event).</summary>
    public Task PublishDetectionAsync(bool box = true) => PublishAsync(new DetectionEvent(DeviceId, _seq++, 1,
        DetectorKind.Smile, box ? [new DetectionBox(10, 20, 30, 40, 9_000, "smile")] : [], "person-det", ActiveVersion,
        1500, 20_000, 900));

    /// <summary>Reports <paramref name="code"/> for <paramref name="offerId"/> outside any transfer.</summary>
    public Task PublishResultAsync(uint offerId, OtaResultCode code) =>
        PublishAsync(new OtaResult(DeviceId, offerId, code, ActiveVersion));

    public async Task DisconnectAsync()
    {
        var client = _client;
        _client = null;
        if (client is not null)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        try
        {
            await _transfer.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A transfer cut off by the disconnect ends on its own.
        }
    }

    private async Task PublishAsync(FleetMessage message)
    {
        var client = _client ?? throw new InvalidOperationException($"{DeviceId} is asleep.");
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.For(DeviceId, message.Type))
            .WithPayload(FleetCodec.Encode(message))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.True(result.IsSuccess, $"{DeviceId} publish refused: {result.ReasonCode}");
    }

    private void OnMessage(string topic, byte[] payload)
    {
        if (!Topics.TryParse(topic, out _, out var type))
        {
            return;
        }

        if (type == MessageType.OtaChunk && FleetCodec.Decode(payload).Message is OtaChunk chunk)
        {
            _chunks.Enqueue(chunk);
            _chunkArrived.Release();
        }
        else if (type == MessageType.OtaOffer)
        {
            var offer = payload.Length > 0 ? FleetCodec.Decode(payload).Message as OtaOffer : null;
            if (offer is not null)
            {
                Offers.Enqueue(offer);
                if (LoseOffers > 0)
                {
                    LoseOffers--;
                    return;
                }
            }

            lock (_lock)
            {
                // A new or cleared offer supersedes the one being fetched; the waiting transfer sees it at once.
                _offerGeneration++;
                _nextOffer = offer;
                if (offer is not null && _transfer.IsCompleted)
                {
                    // The callback must return (the chunks arrive through it); the transfers run beside it.
                    _transfer = Task.Run(TransferOffersAsync);
                }
            }

            _chunkArrived.Release();
        }
    }

    private async Task TransferOffersAsync()
    {
        while (true)
        {
            OtaOffer? offer;
            uint generation;
            lock (_lock)
            {
                offer = _nextOffer;
                _nextOffer = null;
                generation = _offerGeneration;
            }

            if (offer is null)
            {
                return;
            }

            await TransferAsync(offer, generation);
            lock (_lock)
            {
                if (_nextOffer is null)
                {
                    // Ending inside the lock: an offer arriving after this starts a new transfer task.
                    _transfer = Task.CompletedTask;
                    return;
                }
            }
        }
    }

    private bool Superseded(uint generation)
    {
        lock (_lock)
        {
            return _offerGeneration != generation;
        }
    }

    private async Task TransferAsync(OtaOffer offer, uint generation)
    {
        if (DeferOffers > 0)
        {
            DeferOffers--;
            Results.Enqueue(OtaResultCode.DeferredLowBattery);
            await PublishAsync(new OtaResult(DeviceId, offer.OfferId, OtaResultCode.DeferredLowBattery, ActiveVersion));
            return;
        }

        // Keep held bytes only if they belong to the same artifact (resume); anything else starts over.
        if (_heldSha is null || !_heldSha.AsSpan().SequenceEqual(offer.Sha256.Span))
        {
            _held = new byte[offer.SizeBytes];
            _heldSha = offer.Sha256.ToArray();
            HeldBytes = 0;
        }

        while (HeldBytes < offer.SizeBytes)
        {
            if (_client is not { IsConnected: true })
            {
                return;
            }

            var offset = (uint)HeldBytes;
            var length = (ushort)Math.Min(offer.ChunkSize, offer.SizeBytes - offset);
            OtaChunk? chunk = null;
            for (var attempt = 0; chunk is null && attempt < RequestsPerChunk; attempt++)
            {
                if (_client is not { IsConnected: true } || Superseded(generation))
                {
                    return; // asleep, withdrawn or replaced: keep what is held for the next offer
                }

                Requests.Enqueue((offer.OfferId, offset));
                await PublishAsync(new OtaChunkRequest(DeviceId, offer.OfferId, offset, length));
                chunk = await NextChunkAsync(offer.OfferId, offset, generation);
            }

            if (chunk is null)
            {
                return;
            }

            chunk.Data.Span.CopyTo(_held.AsSpan((int)offset));
            HeldBytes += chunk.Data.Length;
            if (StopAfterBytes is { } stop && HeldBytes >= stop)
            {
                StopAfterBytes = null;
                await DisconnectAsync();
                return;
            }
        }

        var sha = SHA256.HashData(_held!);
        OtaResultCode code;
        if (!sha.AsSpan().SequenceEqual(offer.Sha256.Span))
        {
            code = OtaResultCode.HashMismatch;
        }
        else if (!_trusted.VerifyDigest(sha, offer.Signature.Span))
        {
            code = OtaResultCode.BadSignature;
        }
        else if (FailSelfTest)
        {
            code = OtaResultCode.SelfTestFailed;
        }
        else
        {
            code = OtaResultCode.Activated;
            ActiveVersion = offer.ModelVersion;
        }

        _held = null;
        _heldSha = null;
        HeldBytes = 0;
        Results.Enqueue(code);
        await PublishAsync(new OtaResult(DeviceId, offer.OfferId, code, ActiveVersion));
    }

    /// <summary>The requested chunk, or null after <see cref="ChunkTimeout"/> or once the offer is superseded.</summary>
    private async Task<OtaChunk?> NextChunkAsync(uint offerId, uint offset, uint generation)
    {
        while (await _chunkArrived.WaitAsync(ChunkTimeout) && !Superseded(generation))
        {
            while (_chunks.TryDequeue(out var chunk))
            {
                if (chunk.OfferId == offerId && chunk.Offset == offset)
                {
                    return chunk;
                }
            }
        }

        return null;
    }
}
