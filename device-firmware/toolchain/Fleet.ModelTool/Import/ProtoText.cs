// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;

namespace Fleet.ModelTool.Import;

/// <summary>
/// A message in protobuf text format (what Caffe's .prototxt files are): fields by name in file order, each a
/// scalar token (numbers and enum names as written, strings unescaped) or a nested message.
/// </summary>
public sealed class ProtoTextMessage
{
    public List<(string Name, object Value)> Fields { get; } = [];

    public IEnumerable<ProtoTextMessage> Messages(string name) =>
        Fields.Where(f => f.Name == name && f.Value is ProtoTextMessage).Select(f => (ProtoTextMessage)f.Value);

    public ProtoTextMessage? Message(string name) => Messages(name).LastOrDefault();

    public IEnumerable<string> Scalars(string name) =>
        Fields.Where(f => f.Name == name && f.Value is string).Select(f => (string)f.Value);

    public string? Scalar(string name) => Scalars(name).LastOrDefault();

    public int? Int(string name, string where)
    {
        string? s = Scalar(name);
        if (s is null)
        {
            return null;
        }

        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) && v is >= int.MinValue and <= int.MaxValue
            ? (int)v
            : throw new ModelImportException($"{where}: {name} '{s}' is not a 32-bit integer");
    }

    public List<int> Ints(string name, string where) =>
        Scalars(name).Select(s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) && v is >= int.MinValue and <= int.MaxValue
            ? (int)v
            : throw new ModelImportException($"{where}: {name} '{s}' is not a 32-bit integer")).ToList();

    public float? Float(string name, string where)
    {
        string? s = Scalar(name);
        if (s is null)
        {
            return null;
        }

        return float.TryParse(s.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture, out float v)
            ? v
            : throw new ModelImportException($"{where}: {name} '{s}' is not a number");
    }

    public bool? Bool(string name, string where) => Scalar(name) switch
    {
        null => null,
        "true" or "True" or "t" or "1" => true,
        "false" or "False" or "f" or "0" => false,
        string s => throw new ModelImportException($"{where}: {name} '{s}' is not a boolean"),
    };
}

/// <summary>
/// Parser for protobuf text format (the subset .prototxt files use, written from the text-format spec):
/// <c>name: scalar</c>, <c>name { … }</c> / <c>name: { … }</c> / <c>name &lt; … &gt;</c>, <c>name: [a, b]</c>, <c>#</c>
/// comments, single- or double-quoted strings with C escapes (adjacent strings concatenate), optional
/// <c>,</c>/<c>;</c> separators. Field names are not checked against a schema here; the importer does that.
/// Errors name the line and column.
/// </summary>
public sealed class ProtoTextParser
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private readonly string _what;
    private int _pos;

    private ProtoTextParser(string text, string what)
    {
        _text = text;
        _what = what;
    }

    public static ProtoTextMessage Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new ProtoTextParser(text, what);
        ProtoTextMessage m = p.ParseFields(null, 0);
        p.SkipSpace();
        if (p._pos < p._text.Length)
        {
            throw p.Error($"unexpected '{p._text[p._pos]}'");
        }

        return m;
    }

    private ProtoTextMessage ParseFields(char? close, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"messages nested deeper than {MaxDepth}");
        }

        var m = new ProtoTextMessage();
        while (true)
        {
            SkipSpace();
            if (_pos >= _text.Length)
            {
                if (close is not null)
                {
                    throw Error($"end of file before the closing '{close}'");
                }

                return m;
            }

            if (close is not null && _text[_pos] == close)
            {
                _pos++;
                return m;
            }

            string name = Identifier();
            SkipSpace();
            bool colon = Eat(':');
            SkipSpace();
            if (Peek() is '{' or '<')
            {
                char open = _text[_pos++];
                m.Fields.Add((name, ParseFields(open == '{' ? '}' : '>', depth + 1)));
            }
            else if (!colon)
            {
                throw Error($"expected ':' or '{{' after '{name}'");
            }
            else if (Eat('['))
            {
                SkipSpace();
                if (!Eat(']'))
                {
                    while (true)
                    {
                        SkipSpace();
                        if (Peek() is '{' or '<')
                        {
                            char open = _text[_pos++];
                            m.Fields.Add((name, ParseFields(open == '{' ? '}' : '>', depth + 1)));
                        }
                        else
                        {
                            m.Fields.Add((name, ScalarValue()));
                        }

                        SkipSpace();
                        if (Eat(']'))
                        {
                            break;
                        }

                        if (!Eat(','))
                        {
                            throw Error("expected ',' or ']' in a list");
                        }
                    }
                }
            }
            else
            {
                m.Fields.Add((name, ScalarValue()));
            }

            SkipSpace();
            _ = Eat(',') || Eat(';');
        }
    }

    private string ScalarValue()
    {
        SkipSpace();
        char? c = Peek();
        if (c is '"' or '\'')
        {
            var sb = new StringBuilder();
            while (Peek() is '"' or '\'')
            {
                QuotedString(sb);
                SkipSpace();
            }

            return sb.ToString();
        }

        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-' or '+' or '.'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(c is null ? "end of file where a value was expected" : $"unexpected '{c}' where a value was expected");
        }

        return _text[start.._pos];
    }

    private void QuotedString(StringBuilder sb)
    {
        char quote = _text[_pos++];
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error("unterminated string");
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                return;
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            char e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': sb.Append(e); break;
                case 'x' or 'X':
                {
                    int v = 0, n = 0;
                    while (n < 2 && _pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
                    {
                        v = (v * 16) + Convert.ToInt32(_text[_pos++].ToString(), 16);
                        n++;
                    }

                    if (n == 0)
                    {
                        throw Error("\\x without hex digits");
                    }

                    sb.Append((char)v);
                    break;
                }

                case >= '0' and <= '7':
                {
                    int v = e - '0', n = 1;
                    while (n < 3 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7')
                    {
                        v = (v * 8) + (_text[_pos++] - '0');
                        n++;
                    }

                    sb.Append((char)(v & 0xFF));
                    break;
                }

                default:
                    throw Error($"unknown escape '\\{e}'");
            }
        }
    }

    private string Identifier()
    {
        int start = _pos;
        if (_pos < _text.Length && _text[_pos] == '[')
        {
            // An extension or Any type URL: [pkg.ext]; kept as the bracketed name.
            int end = _text.IndexOf(']', _pos);
            if (end < 0)
            {
                throw Error("unterminated '[' in a field name");
            }

            _pos = end + 1;
            return _text[start.._pos];
        }

        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        if (_pos == start || char.IsAsciiDigit(_text[start]))
        {
            throw Error(_pos >= _text.Length ? "end of file where a field name was expected" : $"unexpected '{_text[start]}' where a field name was expected");
        }

        return _text[start.._pos];
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private char? Peek() => _pos < _text.Length ? _text[_pos] : null;

    private bool Eat(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private ModelImportException Error(string message)
    {
        int line = 1, col = 1;
        for (int i = 0; i < Math.Min(_pos, _text.Length); i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                col = 1;
            }
            else
            {
                col++;
            }
        }

        return new ModelImportException($"{_what}:{line}:{col}: {message}");
    }
}
