// SPDX-License-Identifier: MIT
namespace Fleet.Portal;

/// <summary>
/// <c>--hash-password [PASSWORD]</c> for the gateway's and the portal host's command lines: prints a
/// <c>Portal:Users</c> hash. Without the argument the password is read from standard input (first line), which
/// keeps it out of the shell history.
/// </summary>
public static class HashPasswordCommand
{
    public const string Switch = "--hash-password";

    /// <summary>Whether <paramref name="args"/> asks for a hash.</summary>
    public static bool IsRequested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(a => string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Prints the hash; returns the exit code (2 for an empty password).</summary>
    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var at = args.ToList().FindIndex(a => string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase));
        var password = at + 1 < args.Count && !args[at + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[at + 1]
            : input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine($"{Switch}: give the password as the next argument or on standard input.");
            return 2;
        }

        output.WriteLine(PortalPasswordHasher.Hash(password));
        return 0;
    }
}
