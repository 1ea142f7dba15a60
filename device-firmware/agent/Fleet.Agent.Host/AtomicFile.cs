namespace Fleet.Agent.Host;

/// <summary>Replaces a file so that a crash leaves either the old or the new content, never a mix.</summary>
public static class AtomicFile
{
    public static void Write(string path, byte[] data, int count)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(data, 0, count);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
