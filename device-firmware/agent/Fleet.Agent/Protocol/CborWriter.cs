using System;

namespace Fleet.Agent.Protocol;

/// <summary>
/// Writes the deterministic CBOR of docs/protocol.md §2 (shortest integers, definite lengths) into a fixed
/// buffer. The caller writes map keys in ascending order; the writer never allocates beyond its buffer, which is
/// what the device can afford.
/// </summary>
public sealed class CborWriter
{
    private readonly byte[] _buffer;
    private int _length;

    public CborWriter(int capacity)
    {
        _buffer = new byte[capacity];
    }

    public int Length => _length;

    public void WriteMapHeader(int count) => WriteHead(5, (ulong)count);

    public void WriteArrayHeader(int count) => WriteHead(4, (ulong)count);

    public void WriteUInt(ulong value) => WriteHead(0, value);

    public void WriteInt(long value)
    {
        if (value >= 0)
        {
            WriteHead(0, (ulong)value);
        }
        else
        {
            // Major type 1 carries -1 - n.
            WriteHead(1, (ulong)(-1 - value));
        }
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)0xF5 : (byte)0xF4);

    public void WriteText(string text)
    {
        // Protocol text is ASCII within its limits (§2.1); anything else is refused before it is sent.
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                throw new ArgumentException("protocol text must be ASCII");
            }
        }
        WriteHead(3, (ulong)text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            WriteByte((byte)text[i]);
        }
    }

    public void WriteBytes(byte[] data, int offset, int count)
    {
        WriteHead(2, (ulong)count);
        Ensure(count);
        Array.Copy(data, offset, _buffer, _length, count);
        _length += count;
    }

    /// <summary>A new array holding exactly what was written.</summary>
    public byte[] ToArray()
    {
        var result = new byte[_length];
        Array.Copy(_buffer, result, _length);
        return result;
    }

    private void WriteHead(int major, ulong value)
    {
        byte m = (byte)(major << 5);
        if (value < 24)
        {
            WriteByte((byte)(m | (byte)value));
        }
        else if (value <= 0xFF)
        {
            WriteByte((byte)(m | 24));
            WriteByte((byte)value);
        }
        else if (value <= 0xFFFF)
        {
            WriteByte((byte)(m | 25));
            WriteBigEndian(value, 2);
        }
        else if (value <= 0xFFFFFFFF)
        {
            WriteByte((byte)(m | 26));
            WriteBigEndian(value, 4);
        }
        else
        {
            WriteByte((byte)(m | 27));
            WriteBigEndian(value, 8);
        }
    }

    private void WriteBigEndian(ulong value, int bytes)
    {
        Ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--)
        {
            _buffer[_length++] = (byte)(value >> (8 * i));
        }
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Ensure(int count)
    {
        if (_length + count > _buffer.Length)
        {
            throw new InvalidOperationException("payload exceeds the protocol limit");
        }
    }
}
