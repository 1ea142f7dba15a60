// SPDX-License-Identifier: MIT
using System.Text;

namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// Replaces a file so a reader (Mosquitto reloading on SIGHUP) sees either the old or the new content, never a
/// half-written one: write a temporary file in the same directory, flush it to disk, rename it over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Permissions of a new file on Unix: owner read/write, group read. Mosquitto typically runs as its own user,
    /// so it reads the files through their group (see infra/README.md).
    /// </summary>
    public const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Keep an existing file's permissions (the operator may have chosen other ones).
            options.UnixCreateMode = File.Exists(fullPath) ? File.GetUnixFileMode(fullPath) : NewFileMode;
        }

        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                // On disk before the rename, or a crash could leave the new name pointing at an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
