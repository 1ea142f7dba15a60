using System.Security.Cryptography;
using Fleet.Agent.Host;
using Fleet.Agent.Ports;

namespace Fleet.Agent.Tests;

/// <summary>Which model slots a test device uses.</summary>
public enum SlotsKind
{
    /// <summary>The C core's slots through P/Invoke (ModelSlots), in a flash image file.</summary>
    Native,

    /// <summary>The host's file-backed store.</summary>
    Files,
}

/// <summary>
/// One simulated sensor whose flash is a folder: <see cref="Boot"/> builds a new agent (and remounts the model
/// slots) over the same storage, as a reboot or a power cut followed by a cold start would.
/// </summary>
internal sealed class TestDevice : IDisposable
{
    private const uint FlashBytes = 64 * 1024;
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly byte[] _trustedKey;
    private readonly SlotsKind _kind;

    public TestDevice(string deviceId, int port, TimeProvider time, byte[] trustedKey, Action<AgentOptions>? configure = null,
        SlotsKind kind = SlotsKind.Native)
    {
        _root = Path.Combine(Path.GetTempPath(), "agent-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _time = time;
        _trustedKey = trustedKey;
        _kind = kind;
        Options = new AgentOptions { DeviceId = deviceId, Password = "secret-" + deviceId };
        configure?.Invoke(Options);
        Link = new MqttNetLink("127.0.0.1", port);
        Agent = Boot();
    }

    public AgentOptions Options { get; }
    public HostBattery Battery { get; } = new();
    public IModelStore Models { get; private set; } = null!;
    public HostNativeCore Core { get; private set; } = null!;
    public MqttNetLink Link { get; }
    public DeviceAgent Agent { get; private set; }

    public byte[] ActiveModel() => Models switch
    {
        SlotsModelStore s => s.ReadActiveModel(),
        FileModelStore f => f.ReadActiveModel(),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A fresh agent and freshly mounted slots over the same flash.</summary>
    public DeviceAgent Boot(IMqttLink? link = null)
    {
        (Models as IDisposable)?.Dispose();
        Models = _kind == SlotsKind.Native
            ? SlotsModelStore.Open(Path.Combine(_root, "flash.img"), FlashBytes, _trustedKey)
            : new FileModelStore(Path.Combine(_root, "slots"), FlashBytes, _trustedKey);
        Core = new HostNativeCore(_time, Models, Battery);
        Agent = new DeviceAgent(Options, Core, link ?? Link, new FileQueueStorage(Path.Combine(_root, "queue.bin")),
            new FileStateStore(Path.Combine(_root, "state")), new SystemRandomSource());
        return Agent;
    }

    public void Dispose()
    {
        (Models as IDisposable)?.Dispose();
        Link.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A P-256 signing key and its raw 65-byte public point, generated per test (docs/model-signing.md).</summary>
    public static (ECDsa Key, byte[] PublicPoint) NewSigningKey()
    {
        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = key.ExportParameters(false);
        return (key, [0x04, .. p.Q.X!, .. p.Q.Y!]);
    }
}
