// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Formats.Cbor;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>
/// Builds deliberately broken payloads: splits a valid payload into its (key, encoded value) entries, lets a test
/// edit them, and joins them again with a lax writer that allows any key order, duplicates and indefinite lengths.
/// </summary>
internal static class CborPatch
{
    public static List<(ulong Key, byte[] Value)> Split(byte[] payload)
    {
        var reader = new CborReader(payload, CborConformanceMode.Lax);
        int count = reader.ReadStartMap() ?? throw new InvalidOperationException("indefinite map");
        var entries = new List<(ulong, byte[])>(count);
        for (int i = 0; i < count; i++)
        {
            ulong key = reader.ReadUInt64();
            entries.Add((key, reader.ReadEncodedValue().ToArray()));
        }

        reader.ReadEndMap();
        return entries;
    }

    /// <summary>
    /// The map of <paramref name="entries"/>, written byte by byte (not with a CborWriter) so a test can put any
    /// bytes at all in a value, including truncated or ill-formed ones.
    /// </summary>
    public static byte[] Join(IEnumerable<(ulong Key, byte[] Value)> entries, bool indefinite = false)
    {
        var list = entries.ToList();
        var bytes = new List<byte>();
        if (indefinite)
        {
            bytes.Add(0xBF);
        }
        else
        {
            bytes.AddRange(Head(5, (ulong)list.Count));
        }

        foreach ((ulong key, byte[] value) in list)
        {
            bytes.AddRange(Head(0, key));
            bytes.AddRange(value);
        }

        if (indefinite)
        {
            bytes.Add(0xFF);
        }

        return [.. bytes];
    }

    /// <summary>The shortest CBOR head for major type <paramref name="major"/> and argument <paramref name="value"/>.</summary>
    public static byte[] Head(int major, ulong value)
    {
        byte mt = (byte)(major << 5);
        return value switch
        {
            < 24 => [(byte)(mt | (byte)value)],
            <= byte.MaxValue => [(byte)(mt | 24), (byte)value],
            <= ushort.MaxValue => [(byte)(mt | 25), (byte)(value >> 8), (byte)value],
            <= uint.MaxValue => [(byte)(mt | 26), (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value],
            _ => BigEndian64((byte)(mt | 27), value),
        };
    }

    private static byte[] BigEndian64(byte initial, ulong value)
    {
        byte[] bytes = new byte[9];
        bytes[0] = initial;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    /// <summary>The value <paramref name="write"/> produces, as one encoded CBOR item.</summary>
    public static byte[] Item(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        write(writer);
        return writer.Encode();
    }

    /// <summary><paramref name="payload"/> with the value of <paramref name="key"/> replaced by raw CBOR bytes.</summary>
    public static byte[] SetRaw(byte[] payload, ulong key, byte[] value)
    {
        var entries = Split(payload);
        int index = entries.FindIndex(e => e.Key == key);
        if (index < 0)
        {
            throw new ArgumentException($"no key {key}", nameof(key));
        }

        entries[index] = (key, value);
        return Join(entries);
    }

    /// <summary><paramref name="payload"/> with the value of <paramref name="key"/> replaced by what <paramref name="write"/> writes.</summary>
    public static byte[] Set(byte[] payload, ulong key, Action<CborWriter> write) => SetRaw(payload, key, Item(write));

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
