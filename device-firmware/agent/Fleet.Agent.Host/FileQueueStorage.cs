using Fleet.Agent.Ports;

namespace Fleet.Agent.Host;

/// <summary><see cref="IQueueStorage"/> as one file: appends go to its end, replacements are atomic renames.</summary>
public sealed class FileQueueStorage : IQueueStorage
{
    private readonly string _path;

    public FileQueueStorage(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public byte[] ReadAll() => File.Exists(_path) ? File.ReadAllBytes(_path) : [];

    public void Append(byte[] data, int count)
    {
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.None);
        stream.Write(data, 0, count);
        stream.Flush(flushToDisk: true);
    }

    public void Replace(byte[] data, int count) => AtomicFile.Write(_path, data, count);
}
