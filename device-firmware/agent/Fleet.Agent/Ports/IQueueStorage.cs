namespace Fleet.Agent.Ports;

/// <summary>
/// The flash region that holds the store-and-forward queue. Appends may be torn by a power cut (the queue
/// detects that by CRC); <see cref="Replace"/> must be atomic (flash: two sectors and a generation counter;
/// .NET: write a temporary file and rename it).
/// </summary>
public interface IQueueStorage
{
    /// <summary>The whole region as last written (empty when never written).</summary>
    byte[] ReadAll();

    /// <summary>Appends <paramref name="count"/> bytes of <paramref name="data"/> at the end.</summary>
    void Append(byte[] data, int count);

    /// <summary>Replaces the region with the first <paramref name="count"/> bytes of <paramref name="data"/>, atomically.</summary>
    void Replace(byte[] data, int count);
}
