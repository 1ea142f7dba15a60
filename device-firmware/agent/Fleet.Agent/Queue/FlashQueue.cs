using System;
using System.Collections;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;
using Fleet.Agent.Storage;

namespace Fleet.Agent.Queue;

/// <summary>
/// Store-and-forward queue of encoded uplinks in flash, bounded in bytes and items. Each record is
/// <c>A5 | type | len u16 | crc32 | payload</c>; a record torn by a power cut fails its CRC and it and everything
/// after it are discarded on load. When full, the oldest telemetry goes first and detections go last; every drop
/// is counted (docs/agent.md).
/// </summary>
public sealed class FlashQueue
{
    private const byte Magic = 0xA5;
    private const int HeaderBytes = 8;

    private readonly IQueueStorage _storage;
    private readonly int _maxBytes;
    private readonly int _maxItems;
    private readonly ArrayList _items = new ArrayList();
    private int _bytes;

    public FlashQueue(IQueueStorage storage, int maxBytes, int maxItems)
    {
        _storage = storage;
        _maxBytes = maxBytes;
        _maxItems = maxItems;
        Load();
    }

    public int Count => _items.Count;

    public int Bytes => _bytes;

    /// <summary>Bytes discarded on load because a write was torn (0 after a clean shutdown).</summary>
    public int TornBytesDiscarded { get; private set; }

    /// <summary>Telemetry items dropped to make room since this object was created.</summary>
    public uint DroppedTelemetry { get; private set; }

    /// <summary>Detections dropped to make room since this object was created.</summary>
    public uint DroppedDetections { get; private set; }

    public QueueItem this[int index] => (QueueItem)_items[index]!;

    /// <summary>Adds an item, first dropping the oldest telemetry (then the oldest detections) if it would not fit.</summary>
    public void Enqueue(int messageType, byte[] payload)
    {
        int size = HeaderBytes + payload.Length;
        if (size > _maxBytes || payload.Length > 0xFFFF)
        {
            CountDrop(messageType);
            return;
        }
        bool dropped = false;
        while (_items.Count > 0 && (_bytes + size > _maxBytes || _items.Count + 1 > _maxItems))
        {
            int victim = OldestOfType(MessageTypes.Telemetry);
            if (victim < 0)
            {
                victim = 0;
            }
            var item = (QueueItem)_items[victim]!;
            CountDrop(item.MessageType);
            _bytes -= HeaderBytes + item.Payload.Length;
            _items.RemoveAt(victim);
            dropped = true;
        }
        _items.Add(new QueueItem(messageType, payload));
        _bytes += size;
        if (dropped)
        {
            Rewrite();
        }
        else
        {
            byte[] record = Encode(messageType, payload);
            _storage.Append(record, record.Length);
        }
    }

    /// <summary>Forgets the first <paramref name="count"/> items (they were acknowledged by the broker).</summary>
    public void RemoveFirst(int count)
    {
        if (count <= 0)
        {
            return;
        }
        for (int i = 0; i < count && _items.Count > 0; i++)
        {
            var item = (QueueItem)_items[0]!;
            _bytes -= HeaderBytes + item.Payload.Length;
            _items.RemoveAt(0);
        }
        Rewrite();
    }

    private int OldestOfType(int messageType)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (((QueueItem)_items[i]!).MessageType == messageType)
            {
                return i;
            }
        }
        return -1;
    }

    private void CountDrop(int messageType)
    {
        if (messageType == MessageTypes.Detection)
        {
            DroppedDetections++;
        }
        else
        {
            DroppedTelemetry++;
        }
    }

    private void Load()
    {
        byte[] data = _storage.ReadAll();
        int at = 0;
        while (at + HeaderBytes <= data.Length)
        {
            int type = data[at + 1];
            int length = (int)LittleEndian.ReadU16(data, at + 2);
            if (data[at] != Magic || at + HeaderBytes + length > data.Length
                || (type != MessageTypes.Detection && type != MessageTypes.Telemetry))
            {
                break;
            }
            uint crc = LittleEndian.ReadU32(data, at + 4);
            var payload = new byte[length];
            Array.Copy(data, at + HeaderBytes, payload, 0, length);
            if (crc != RecordCrc(type, payload))
            {
                break;
            }
            _items.Add(new QueueItem(type, payload));
            _bytes += HeaderBytes + length;
            at += HeaderBytes + length;
        }
        if (at != data.Length)
        {
            TornBytesDiscarded = data.Length - at;
            Rewrite();
        }
        // A region written by a bigger configuration is trimmed by the same policy.
        while (_items.Count > _maxItems || _bytes > _maxBytes)
        {
            int victim = OldestOfType(MessageTypes.Telemetry);
            if (victim < 0)
            {
                victim = 0;
            }
            var item = (QueueItem)_items[victim]!;
            CountDrop(item.MessageType);
            _bytes -= HeaderBytes + item.Payload.Length;
            _items.RemoveAt(victim);
            Rewrite();
        }
    }

    private void Rewrite()
    {
        var image = new byte[_bytes];
        int at = 0;
        for (int i = 0; i < _items.Count; i++)
        {
            var item = (QueueItem)_items[i]!;
            byte[] record = Encode(item.MessageType, item.Payload);
            Array.Copy(record, 0, image, at, record.Length);
            at += record.Length;
        }
        _storage.Replace(image, at);
    }

    private static byte[] Encode(int messageType, byte[] payload)
    {
        var record = new byte[HeaderBytes + payload.Length];
        record[0] = Magic;
        record[1] = (byte)messageType;
        LittleEndian.WriteU16(record, 2, (uint)payload.Length);
        LittleEndian.WriteU32(record, 4, RecordCrc(messageType, payload));
        Array.Copy(payload, 0, record, HeaderBytes, payload.Length);
        return record;
    }

    private static uint RecordCrc(int messageType, byte[] payload)
    {
        var head = new byte[3];
        head[0] = (byte)messageType;
        LittleEndian.WriteU16(head, 1, (uint)payload.Length);
        return Crc32.Compute(payload, 0, payload.Length, Crc32.Compute(head, 0, 3, 0));
    }
}
