// SPDX-License-Identifier: MIT
using System.Formats.Cbor;
using System.Numerics;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Cbor;

/// <summary>
/// Reads one protocol v1 payload: a top-level map whose keys must come as 0, 1, 2, … exactly once each, with
/// typed, range-checked values. Every failure throws <see cref="PayloadRejectedException"/> (or a
/// <see cref="CborContentException"/> from the library, which the codec maps to <c>malformed</c>).
/// </summary>
/// <remarks>
/// The CBOR reader runs in <see cref="CborConformanceMode.Ctap2Canonical"/>, which enforces what §2 calls the
/// deterministic encoding: shortest integers and lengths, definite lengths, no tags, valid UTF-8, sorted unique
/// keys. It would report a duplicate or out-of-order key as a generic content error, but §4 files those under
/// <c>invalid_field</c>, so <see cref="Key"/> classifies each key from the raw bytes before the library reads it.
/// Trailing bytes, floats, value ranges, alphabets and the exact key set are checked here because the library
/// does not. Reasons follow the C decoder (tests/golden/protocol/README.md): a tag or float anywhere is
/// <c>malformed</c>; a key that is not an unsigned integer, a wrong value type and invalid UTF-8 in a complete
/// text string are <c>invalid_field</c>. Not thread-safe; one instance per payload.
/// </remarks>
internal sealed class PayloadReader
{
    private readonly byte[] _payload;
    private readonly CborReader _reader;
    private int _pairsLeft;
    private int _lastKey = -1;
    private int _maxKey = 2;

    public PayloadReader(byte[] payload)
    {
        _payload = payload;
        _reader = new CborReader(payload, CborConformanceMode.Ctap2Canonical, allowMultipleRootLevelValues: false);
    }

    /// <summary>Index of the box being read (for details), or -1 outside the boxes array.</summary>
    public int BoxIndex { get; set; } = -1;

    /// <summary>Reads the start of the top-level map.</summary>
    public void OpenMap()
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.StartMap)
        {
            throw Malformed($"top-level item is {Describe(state)}, not a map");
        }

        // Ctap2Canonical refuses indefinite lengths, so the count is always present.
        _pairsLeft = _reader.ReadStartMap() ?? throw Malformed("indefinite-length map");
    }

    /// <summary>
    /// Sets the highest key the message type defines, so that a key above it is reported as unknown rather than
    /// as a sign of a missing key.
    /// </summary>
    public void SetMaxKey(int maxKey) => _maxKey = maxKey;

    /// <summary>Whether the map has pairs left to read (an optional trailing key may follow).</summary>
    public bool HasPairsLeft => _pairsLeft > 0;

    /// <summary>
    /// Consumes optional key <paramref name="key"/> when it is the next key of the map and returns true; returns
    /// false, consuming nothing, when the map has no pairs left or the next key is another one (a later optional
    /// key, or one that <see cref="CloseMap"/> will reject).
    /// </summary>
    public bool TryKey(int key)
    {
        if (_pairsLeft == 0 || PeekKey() != key)
        {
            return false;
        }

        _reader.ReadUInt64();
        _pairsLeft--;
        _lastKey = key;
        return true;
    }

    /// <summary>A rule across fields is broken (docs/protocol.md §3): invalid_field with <paramref name="detail"/>.</summary>
    public static PayloadRejectedException RuleBroken(string detail) => Invalid(detail);

    /// <summary>Consumes key <paramref name="key"/>, which must be the next key of the map.</summary>
    public void Key(int key, string name)
    {
        if (_pairsLeft == 0)
        {
            throw Invalid($"missing key {key} ({name})");
        }

        int found = PeekKey();
        if (found == key)
        {
            _reader.ReadUInt64();
            _pairsLeft--;
            _lastKey = key;
            return;
        }

        throw Invalid(found switch
        {
            _ when found == _lastKey => $"duplicate key {found}",
            _ when found < key => $"key {found} out of order after key {_lastKey}",
            _ when found <= _maxKey => $"missing key {key} ({name})",
            _ => $"unknown key {found}",
        });
    }

    /// <summary>Closes the top-level map and requires that nothing follows it.</summary>
    public void CloseMap()
    {
        if (_pairsLeft > 0)
        {
            int found = PeekKey();
            throw Invalid(found switch
            {
                _ when found == _lastKey => $"duplicate key {found}",
                _ when found < _lastKey => $"key {found} out of order after key {_lastKey}",
                _ => $"unknown key {found}",
            });
        }

        _reader.ReadEndMap();
        if (_reader.BytesRemaining > 0)
        {
            throw Malformed($"{_reader.BytesRemaining} trailing byte(s) after the map");
        }
    }

    /// <summary>Reads an unsigned integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public ulong UInt(int key, string name, ulong min, ulong max)
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.UnsignedInteger)
        {
            throw WrongType(Field(key, name), state, "an unsigned integer");
        }

        ulong value = _reader.ReadUInt64();
        if (value < min || value > max)
        {
            throw Invalid($"{Field(key, name)}: {value} is outside {min}–{max}");
        }

        return value;
    }

    /// <summary>Reads a signed integer (major type 0 or 1) in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long Int(int key, string name, long min, long max)
    {
        CborReaderState state = _reader.PeekState();
        long value;
        if (state == CborReaderState.UnsignedInteger)
        {
            ulong raw = _reader.ReadUInt64();
            if (max < 0 || raw > (ulong)max || (long)raw < min)
            {
                throw Invalid($"{Field(key, name)}: {raw} is outside {min}–{max}");
            }

            value = (long)raw;
        }
        else if (state == CborReaderState.NegativeInteger)
        {
            // Major type 1 encodes -1 - n; read n itself so that no value, however large, can overflow.
            ulong n = _reader.ReadCborNegativeIntegerRepresentation();
            if (min >= 0 || n > (ulong)(-1 - min))
            {
                throw Invalid($"{Field(key, name)}: {-BigInteger.One - n} is outside {min}–{max}");
            }

            value = -1 - (long)n;
        }
        else
        {
            throw WrongType(Field(key, name), state, "an integer");
        }

        return value;
    }

    /// <summary>Reads a boolean (simple values 20 and 21).</summary>
    public bool Bool(int key, string name)
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.Boolean)
        {
            throw WrongType(Field(key, name), state, "a boolean");
        }

        return _reader.ReadBoolean();
    }

    /// <summary>Reads a text string of <paramref name="minLength"/>–<paramref name="maxLength"/> bytes of one alphabet.</summary>
    public string Text(int key, string name, int minLength, int maxLength, TextAlphabet alphabet)
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.TextString)
        {
            throw WrongType(Field(key, name), state, "a text string");
        }

        string value = ReadTextOrRejectEncoding(key, name);
        bool ok = alphabet == TextAlphabet.Id ? ProtocolText.IsIdText(value) : ProtocolText.IsPrintableAscii(value);
        if (!ok)
        {
            string allowed = alphabet == TextAlphabet.Id ? "[A-Za-z0-9._-]" : "printable ASCII";
            throw Invalid($"{Field(key, name)}: contains a character outside {allowed}");
        }

        // Checked after the alphabet, so the character count is the byte count.
        if (value.Length < minLength || value.Length > maxLength)
        {
            throw Invalid($"{Field(key, name)}: {value.Length} bytes is outside {minLength}–{maxLength}");
        }

        return value;
    }

    /// <summary>
    /// The library refuses invalid UTF-8 with the same exception as truncation. RFC 8949 §5.3.1 calls such a
    /// string well-formed but invalid, and the C decoder reports it as a character outside the field's set, so on
    /// failure the item is re-read as a byte string: if that works, the bytes were complete and canonical and only
    /// their UTF-8 was bad, which is <c>invalid_field</c>; anything else stays <c>malformed</c>.
    /// </summary>
    private string ReadTextOrRejectEncoding(int key, string name)
    {
        int offset = _payload.Length - _reader.BytesRemaining;
        try
        {
            return _reader.ReadTextString();
        }
        catch (CborContentException)
        {
            byte[] rest = _payload[offset..];
            rest[0] ^= 0x20; // major type 3 (text) -> 2 (bytes); the argument bits stay as they are
            var probe = new CborReader(rest, CborConformanceMode.Ctap2Canonical, allowMultipleRootLevelValues: true);
            probe.ReadByteString(); // throws again, as malformed, unless UTF-8 was the only problem
            throw Invalid($"{Field(key, name)}: not valid UTF-8, so not in the field's ASCII alphabet");
        }
    }

    /// <summary>Reads a byte string of <paramref name="minLength"/>–<paramref name="maxLength"/> bytes.</summary>
    public byte[] Bytes(int key, string name, int minLength, int maxLength)
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.ByteString)
        {
            throw WrongType(Field(key, name), state, "a byte string");
        }

        byte[] value = _reader.ReadByteString();
        if (value.Length < minLength || value.Length > maxLength)
        {
            throw Invalid($"{Field(key, name)}: {value.Length} bytes is outside {minLength}–{maxLength}");
        }

        return value;
    }

    /// <summary>Reads the start of an array of <paramref name="minCount"/>–<paramref name="maxCount"/> items.</summary>
    public int StartArray(int key, string name, int minCount, int maxCount)
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.StartArray)
        {
            throw WrongType(Field(key, name), state, "an array");
        }

        int count = _reader.ReadStartArray() ?? throw Malformed($"{Field(key, name)}: indefinite-length array");
        if (count < minCount || count > maxCount)
        {
            throw Invalid($"{Field(key, name)}: {count} items is outside {minCount}–{maxCount}");
        }

        return count;
    }

    /// <summary>Reads the end of the array opened by <see cref="StartArray"/> once all its items are read.</summary>
    public void EndArray() => _reader.ReadEndArray();

    /// <summary>
    /// The next key's value taken from the raw bytes, so the library never sees (and never rejects with its
    /// generic error) a duplicate or out-of-order key. A key whose header is not a small unsigned integer is
    /// read by the library: a non-shortest encoding is then <c>malformed</c>, anything else ≥ 24 is unknown.
    /// </summary>
    private int PeekKey()
    {
        CborReaderState state = _reader.PeekState();
        if (state != CborReaderState.UnsignedInteger)
        {
            // An integer key of the wrong sign or a text key is just not a key v1 knows (invalid_field, as in the
            // C decoder); a tag or float key is still malformed.
            throw WrongType($"map key after key {_lastKey}", state, "an unsigned integer");
        }

        byte initial = _payload[_payload.Length - _reader.BytesRemaining];
        int additional = initial & 0x1F;
        if (additional < 24)
        {
            return additional;
        }

        // Every key ≥ 24 sorts after all smaller keys, so the library's order check cannot fire here.
        ulong big = _reader.ReadUInt64();
        throw Invalid($"unknown key {big}");
    }

    private PayloadRejectedException WrongType(string where, CborReaderState state, string expected)
    {
        // §2 bans tags and floats from the encoding itself; any other type is merely the wrong one for the field.
        if (state is CborReaderState.Tag or CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat
            or CborReaderState.DoublePrecisionFloat)
        {
            return Malformed($"{where}: {Describe(state)} is not allowed in protocol v1");
        }

        // Read the item whole first, as the C decoder does: a truncated or non-canonical item is malformed even
        // where its type is wrong too, so both decoders give the same reason for the same bytes.
        _reader.SkipValue();
        return Invalid($"{where}: expected {expected}, found {Describe(state)}");
    }

    private string Field(int key, string name) =>
        BoxIndex < 0 ? $"key {key} ({name})" : $"key {key} (boxes[{BoxIndex}].{name})";

    private static string Describe(CborReaderState state) => state switch
    {
        CborReaderState.UnsignedInteger => "an unsigned integer",
        CborReaderState.NegativeInteger => "a negative integer",
        CborReaderState.ByteString => "a byte string",
        CborReaderState.TextString => "a text string",
        CborReaderState.StartArray => "an array",
        CborReaderState.StartMap => "a map",
        CborReaderState.Tag => "a tag",
        CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat
            or CborReaderState.DoublePrecisionFloat => "a float",
        CborReaderState.Boolean => "a boolean",
        CborReaderState.Null => "null",
        CborReaderState.Undefined => "undefined",
        CborReaderState.SimpleValue => "a simple value",
        _ => state.ToString(),
    };

    private static PayloadRejectedException Invalid(string detail) => new(DecodeError.InvalidField, detail);

    private static PayloadRejectedException Malformed(string detail) => new(DecodeError.Malformed, detail);
}
