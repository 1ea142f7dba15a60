using System;

namespace Fleet.Agent.Protocol;

/// <summary>
/// Reads the deterministic CBOR subset of docs/protocol.md §2 front to back and stops at the first problem,
/// like the C and gateway decoders. Every failure is a <see cref="ProtocolException"/> carrying the reason.
/// </summary>
public sealed class CborReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    public CborReader(byte[] data, int offset, int count)
    {
        _data = data;
        _position = offset;
        _end = offset + count;
    }

    public bool AtEnd => _position == _end;

    public int ReadMapHeader() => (int)ReadLength(5, "map");

    public int ReadArrayHeader() => (int)ReadLength(4, "array");

    public ulong ReadUInt(string field)
    {
        int major = PeekMajor();
        if (major != 0)
        {
            throw new ProtocolException("invalid_field: " + field + " is not an unsigned integer");
        }
        return ReadHeadValue();
    }

    public long ReadInt(string field)
    {
        int major = PeekMajor();
        if (major == 0)
        {
            ulong v = ReadHeadValue();
            if (v > long.MaxValue)
            {
                throw new ProtocolException("invalid_field: " + field + " out of range");
            }
            return (long)v;
        }
        if (major == 1)
        {
            ulong v = ReadHeadValue();
            if (v > long.MaxValue)
            {
                throw new ProtocolException("invalid_field: " + field + " out of range");
            }
            return -1 - (long)v;
        }
        throw new ProtocolException("invalid_field: " + field + " is not an integer");
    }

    public bool ReadBool(string field)
    {
        Need(1);
        byte b = _data[_position];
        if (b == 0xF4 || b == 0xF5)
        {
            _position++;
            return b == 0xF5;
        }
        if ((b >> 5) == 7)
        {
            throw new ProtocolException("malformed: float or simple value other than a bool");
        }
        throw new ProtocolException("invalid_field: " + field + " is not a bool");
    }

    public string ReadText(string field, int maxLength)
    {
        int length = (int)ReadLength(3, field);
        if (length > maxLength)
        {
            throw new ProtocolException("invalid_field: " + field + " longer than " + maxLength);
        }
        Need(length);
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            byte b = _data[_position + i];
            if (b > 0x7F)
            {
                throw new ProtocolException("invalid_field: " + field + " is not ASCII");
            }
            chars[i] = (char)b;
        }
        _position += length;
        return new string(chars);
    }

    public byte[] ReadBytes(string field, int maxLength)
    {
        int length = (int)ReadLength(2, field);
        if (length > maxLength)
        {
            throw new ProtocolException("invalid_field: " + field + " longer than " + maxLength);
        }
        Need(length);
        var result = new byte[length];
        Array.Copy(_data, _position, result, 0, length);
        _position += length;
        return result;
    }

    /// <summary>Reads the next map key and checks it is <paramref name="expected"/> (keys are ascending and mandatory).</summary>
    public void ExpectKey(ulong expected)
    {
        if (PeekMajor() != 0)
        {
            throw new ProtocolException("invalid_field: map key is not an unsigned integer");
        }
        ulong key = ReadHeadValue();
        if (key != expected)
        {
            throw new ProtocolException("invalid_field: expected key " + expected + ", found " + key);
        }
    }

    private ulong ReadLength(int major, string what)
    {
        int actual = PeekMajor();
        if (actual != major)
        {
            throw new ProtocolException(major == 5 ? "malformed: top level is not a map" : "invalid_field: " + what + " has the wrong type");
        }
        ulong length = ReadHeadValue();
        if (length > (ulong)(_end - _position))
        {
            throw new ProtocolException("malformed: truncated");
        }
        return length;
    }

    private int PeekMajor()
    {
        Need(1);
        int major = _data[_position] >> 5;
        int info = _data[_position] & 0x1F;
        if (major == 6)
        {
            throw new ProtocolException("malformed: tag");
        }
        if (major == 7 && info != 20 && info != 21)
        {
            throw new ProtocolException("malformed: float or simple value");
        }
        if (info == 31)
        {
            throw new ProtocolException("malformed: indefinite length");
        }
        if (info >= 28 && info <= 30)
        {
            throw new ProtocolException("malformed: reserved additional information");
        }
        return major;
    }

    private ulong ReadHeadValue()
    {
        Need(1);
        int info = _data[_position] & 0x1F;
        _position++;
        if (info < 24)
        {
            return (ulong)info;
        }
        int bytes = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : 8;
        Need(bytes);
        ulong value = 0;
        for (int i = 0; i < bytes; i++)
        {
            value = (value << 8) | _data[_position + i];
        }
        _position += bytes;
        // Deterministic encoding: the shortest form only (RFC 8949 §4.2.1).
        ulong floor = bytes == 1 ? 24UL : bytes == 2 ? 0x100UL : bytes == 4 ? 0x10000UL : 0x100000000UL;
        if (value < floor)
        {
            throw new ProtocolException("malformed: integer or length not in its shortest form");
        }
        return value;
    }

    private void Need(int count)
    {
        if (count > _end - _position)
        {
            throw new ProtocolException("malformed: truncated");
        }
    }
}
