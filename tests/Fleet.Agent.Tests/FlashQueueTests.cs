using Fleet.Agent.Host;
using Fleet.Agent.Protocol;
using Fleet.Agent.Queue;

namespace Fleet.Agent.Tests;

/// <summary>The store-and-forward queue in its flash file: bounds, overflow policy, reboots and torn writes.</summary>
public sealed class FlashQueueTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "agent-queue-" + Guid.NewGuid().ToString("N"), "queue.bin");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    private FlashQueue Open(int maxBytes = 4096, int maxItems = 10) => new(new FileQueueStorage(_path), maxBytes, maxItems);

    private static byte[] Payload(int type, int n, int size = 20)
    {
        var p = new byte[size];
        p[0] = (byte)type;
        p[1] = (byte)n;
        return p;
    }

    private static (int Type, int N)[] Contents(FlashQueue q) =>
        Enumerable.Range(0, q.Count).Select(i => (q[i].MessageType, (int)q[i].Payload[1])).ToArray();

    [Fact]
    public void WhenFull_OldestTelemetryGoesFirst_DetectionsLast_AndDropsAreCounted()
    {
        FlashQueue q = Open(maxItems: 5);
        q.Enqueue(MessageTypes.Detection, Payload(1, 0));
        q.Enqueue(MessageTypes.Telemetry, Payload(2, 1));
        q.Enqueue(MessageTypes.Detection, Payload(1, 2));
        q.Enqueue(MessageTypes.Telemetry, Payload(2, 3));
        q.Enqueue(MessageTypes.Detection, Payload(1, 4));

        q.Enqueue(MessageTypes.Detection, Payload(1, 5)); // drops telemetry 1
        q.Enqueue(MessageTypes.Telemetry, Payload(2, 6)); // drops telemetry 3
        Assert.Equal([(1, 0), (1, 2), (1, 4), (1, 5), (2, 6)], Contents(q));
        Assert.Equal((2u, 0u), (q.DroppedTelemetry, q.DroppedDetections));

        q.Enqueue(MessageTypes.Detection, Payload(1, 7)); // drops telemetry 6, the only one left
        q.Enqueue(MessageTypes.Detection, Payload(1, 8)); // no telemetry left: the oldest detection goes
        Assert.Equal([(1, 2), (1, 4), (1, 5), (1, 7), (1, 8)], Contents(q));
        Assert.Equal((3u, 1u), (q.DroppedTelemetry, q.DroppedDetections));
    }

    [Fact]
    public void ByteBound_IsHonouredWithTheSamePolicy()
    {
        // 8-byte record header + 100-byte payload = 108 bytes; 400 bytes hold three.
        FlashQueue q = Open(maxBytes: 400, maxItems: 100);
        q.Enqueue(MessageTypes.Telemetry, Payload(2, 0, 100));
        q.Enqueue(MessageTypes.Detection, Payload(1, 1, 100));
        q.Enqueue(MessageTypes.Detection, Payload(1, 2, 100));
        q.Enqueue(MessageTypes.Detection, Payload(1, 3, 100));
        Assert.Equal([(1, 1), (1, 2), (1, 3)], Contents(q));
        Assert.True(q.Bytes <= 400);
        Assert.Equal(1u, q.DroppedTelemetry);
    }

    [Fact]
    public void Contents_SurviveAReboot_AndAcknowledgedItemsStayGone()
    {
        FlashQueue q = Open();
        for (int i = 0; i < 6; i++)
        {
            q.Enqueue(i % 2 == 0 ? MessageTypes.Detection : MessageTypes.Telemetry, Payload(i % 2 == 0 ? 1 : 2, i));
        }
        q.RemoveFirst(2);

        FlashQueue rebooted = Open();
        Assert.Equal([(1, 2), (2, 3), (1, 4), (2, 5)], Contents(rebooted));
        Assert.Equal(0, rebooted.TornBytesDiscarded);
    }

    [Fact]
    public void TornWriteAtTheEnd_IsDiscarded_EverythingBeforeItKept_AndTheQueueStaysUsable()
    {
        FlashQueue q = Open();
        q.Enqueue(MessageTypes.Detection, Payload(1, 0));
        q.Enqueue(MessageTypes.Telemetry, Payload(2, 1));
        long good = new FileInfo(_path).Length;
        q.Enqueue(MessageTypes.Detection, Payload(1, 2));
        // The power failed while the last record was being written: only part of it reached flash.
        using (var f = new FileStream(_path, FileMode.Open))
        {
            f.SetLength(good + 13);
        }

        FlashQueue rebooted = Open();
        Assert.Equal([(1, 0), (2, 1)], Contents(rebooted));
        Assert.Equal(13, rebooted.TornBytesDiscarded);
        Assert.Equal(good, new FileInfo(_path).Length);

        rebooted.Enqueue(MessageTypes.Detection, Payload(1, 3));
        Assert.Equal([(1, 0), (2, 1), (1, 3)], Contents(Open()));
    }

    [Fact]
    public void CorruptedRecord_StopsTheScanThere_InsteadOfReplayingGarbage()
    {
        FlashQueue q = Open();
        q.Enqueue(MessageTypes.Detection, Payload(1, 0));
        q.Enqueue(MessageTypes.Detection, Payload(1, 1));
        byte[] image = File.ReadAllBytes(_path);
        image[^3] ^= 0xFF; // a bit flip inside the second payload
        File.WriteAllBytes(_path, image);
        Assert.Equal([(1, 0)], Contents(Open()));
    }
}
