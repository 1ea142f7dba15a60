// SPDX-License-Identifier: MIT
using System.Text;

namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// The lines of a Mosquitto <c>password_file</c> (<c>user:hash</c>, one per line), in file order. Lines the
/// gateway did not write (another operator account) are kept as they are. Not thread-safe; the writer serialises.
/// </summary>
public sealed class MosquittoPasswordFile
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <summary>User names in file order.</summary>
    public IEnumerable<string> Users => _entries.Select(e => e.Key);

    /// <summary>Reads <paramref name="text"/>; blank lines and <c>#</c> comments are dropped.</summary>
    /// <exception cref="FormatException">A line has no <c>:</c> or an empty user name.</exception>
    public static MosquittoPasswordFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new MosquittoPasswordFile();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Password file line {lineNumber} is not 'user:hash'.");
            }

            file.Set(line[..colon], line[(colon + 1)..]);
        }

        return file;
    }

    /// <summary>The stored hash of <paramref name="user"/>, or null.</summary>
    public string? Find(string user)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, user, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Adds <paramref name="user"/> or replaces its hash in place.</summary>
    public void Set(string user, string hash)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        if (user.AsSpan().IndexOfAny(":\r\n") >= 0 || hash.AsSpan().IndexOfAny("\r\n") >= 0)
        {
            throw new ArgumentException($"'{user}' cannot be written to a Mosquitto password file.", nameof(user));
        }

        var index = _entries.FindIndex(e => string.Equals(e.Key, user, StringComparison.Ordinal));
        if (index >= 0)
        {
            _entries[index] = new(user, hash);
        }
        else
        {
            _entries.Add(new(user, hash));
        }
    }

    /// <summary>Removes <paramref name="user"/>'s line; false if it had none.</summary>
    public bool Remove(string user) =>
        _entries.RemoveAll(e => string.Equals(e.Key, user, StringComparison.Ordinal)) > 0;

    /// <summary>The file text: one <c>user:hash</c> line each, with a trailing newline.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var (user, hash) in _entries)
        {
            text.Append(user).Append(':').Append(hash).Append('\n');
        }

        return text.ToString();
    }
}
