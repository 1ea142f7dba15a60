using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Agent.Tests;

/// <summary>
/// Language rules of the nanoFramework subset that a ban list cannot express, because they are syntax rather than
/// API: no async/await, no iterators, no records, no generics (declared or used), no stackalloc/unsafe/dynamic, no
/// index-from-end or ranges (docs/agent-subset.md). Comments and string literals are blanked before matching.
/// </summary>
internal static partial class SubsetSourceScanner
{
    private static readonly (string Rule, Regex Pattern)[] Rules =
    [
        ("async/await (no Task in nanoFramework)", AsyncAwait()),
        ("yield iterators (need generic IEnumerable<T>)", Yield()),
        ("records (generate generic EqualityComparer<T> code)", Record()),
        ("generics (not in nanoFramework's stable runtime)", Generic()),
        ("stackalloc/unsafe/dynamic/fixed", Unsafe()),
        ("index from end or range (System.Index/System.Range)", IndexRange()),
    ];

    public static IReadOnlyList<string> Violations(string source)
    {
        string code = Blank(source);
        var found = new List<string>();
        foreach ((string rule, Regex pattern) in Rules)
        {
            foreach (Match m in pattern.Matches(code))
            {
                int line = code.AsSpan(0, m.Index).Count('\n') + 1;
                found.Add($"line {line}: {rule}: '{m.Value.Trim()}'");
            }
        }
        return found;
    }

    /// <summary>Replaces comments and string/char literals with spaces, keeping line breaks.</summary>
    internal static string Blank(string s)
    {
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') { sb.Append(' '); i++; }
            }
            else if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                while (i < s.Length && !(s[i] == '*' && i + 1 < s.Length && s[i + 1] == '/')) { sb.Append(s[i] == '\n' ? '\n' : ' '); i++; }
                sb.Append("  "); i += 2;
            }
            else if (s[i] == '"' || s[i] == '\'')
            {
                char q = s[i];
                sb.Append(' '); i++;
                while (i < s.Length && s[i] != q) { if (s[i] == '\\') { sb.Append(' '); i++; } sb.Append(' '); i++; }
                sb.Append(' '); i++;
            }
            else
            {
                sb.Append(s[i]); i++;
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"\b(async|await)\b")]
    private static partial Regex AsyncAwait();

    [GeneratedRegex(@"\byield\s+(return|break)\b")]
    private static partial Regex Yield();

    [GeneratedRegex(@"\brecord\s+(class\s+|struct\s+)?[A-Z]\w*")]
    private static partial Regex Record();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\s*<\s*[A-Za-z_][\w\.]*\??(\s*,\s*[A-Za-z_][\w\.]*\??)*\s*>")]
    private static partial Regex Generic();

    [GeneratedRegex(@"\b(stackalloc|unsafe|dynamic|fixed)\b")]
    private static partial Regex Unsafe();

    [GeneratedRegex(@"\[\s*\^|\[[^\[\]\n]*\.\.[^\[\]\n]*\]")]
    private static partial Regex IndexRange();
}
