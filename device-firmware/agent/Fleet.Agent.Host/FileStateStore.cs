using Fleet.Agent.Ports;

namespace Fleet.Agent.Host;

/// <summary><see cref="IStateStore"/> as one file per record; a save writes a temporary file and renames it (atomic).</summary>
public sealed class FileStateStore : IStateStore
{
    private readonly string _directory;

    public FileStateStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public byte[]? Load(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void Save(string name, byte[] data) => AtomicFile.Write(PathOf(name), data, data.Length);

    private string PathOf(string name) => Path.Combine(_directory, name + ".bin");
}
