using System;

namespace Fleet.Agent.Storage;

/// <summary>Builds a small binary record (agent state) in a growing buffer; the reader mirrors it.</summary>
public sealed class RecordWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public void U8(uint v) => Put((byte)v);

    public void U32(uint v)
    {
        Grow(4);
        LittleEndian.WriteU32(_buffer, _length, v);
        _length += 4;
    }

    public void U64(ulong v)
    {
        U32((uint)v);
        U32((uint)(v >> 32));
    }

    public void I32(int v) => U32((uint)v);

    public void Bool(bool v) => Put(v ? (byte)1 : (byte)0);

    public void Text(string s)
    {
        U32((uint)s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            Put((byte)s[i]);
        }
    }

    public void Bytes(byte[] data)
    {
        U32((uint)data.Length);
        Grow(data.Length);
        Array.Copy(data, 0, _buffer, _length, data.Length);
        _length += data.Length;
    }

    /// <summary>The record with a CRC-32 appended, so a reader can tell a damaged record from a good one.</summary>
    public byte[] ToArrayWithCrc()
    {
        uint crc = Crc32.Compute(_buffer, 0, _length, 0);
        U32(crc);
        var result = new byte[_length];
        Array.Copy(_buffer, result, _length);
        return result;
    }

    private void Put(byte b)
    {
        Grow(1);
        _buffer[_length++] = b;
    }

    private void Grow(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }
        int size = _buffer.Length * 2;
        while (size < _length + count)
        {
            size *= 2;
        }
        var bigger = new byte[size];
        Array.Copy(_buffer, bigger, _length);
        _buffer = bigger;
    }
}
