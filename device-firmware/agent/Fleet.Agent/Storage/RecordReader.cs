using System;

namespace Fleet.Agent.Storage;

/// <summary>Reads what <see cref="RecordWriter"/> wrote; any damage throws <see cref="FormatException"/>.</summary>
public sealed class RecordReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    /// <summary>Checks the trailing CRC-32 first.</summary>
    public RecordReader(byte[] data)
    {
        if (data.Length < 4 || Crc32.Compute(data, 0, data.Length - 4, 0) != LittleEndian.ReadU32(data, data.Length - 4))
        {
            throw new FormatException("record damaged (CRC mismatch)");
        }
        _data = data;
        _end = data.Length - 4;
    }

    public uint U8()
    {
        Need(1);
        return _data[_position++];
    }

    public uint U32()
    {
        Need(4);
        uint v = LittleEndian.ReadU32(_data, _position);
        _position += 4;
        return v;
    }

    public ulong U64()
    {
        ulong low = U32();
        ulong high = U32();
        return low | (high << 32);
    }

    public int I32() => (int)U32();

    public bool Bool() => U8() != 0;

    public string Text()
    {
        int n = (int)U32();
        Need(n);
        var chars = new char[n];
        for (int i = 0; i < n; i++)
        {
            chars[i] = (char)_data[_position + i];
        }
        _position += n;
        return new string(chars);
    }

    public byte[] Bytes()
    {
        int n = (int)U32();
        Need(n);
        var result = new byte[n];
        Array.Copy(_data, _position, result, 0, n);
        _position += n;
        return result;
    }

    private void Need(int n)
    {
        if (n < 0 || n > _end - _position)
        {
            throw new FormatException("record truncated");
        }
    }
}
