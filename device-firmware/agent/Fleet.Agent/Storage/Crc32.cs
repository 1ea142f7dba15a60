namespace Fleet.Agent.Storage;

/// <summary>CRC-32 (IEEE 802.3, reflected, as zlib): detects records torn by a power cut.</summary>
public static class Crc32
{
    public static uint Compute(byte[] data, int offset, int count, uint seed)
    {
        uint crc = ~seed;
        for (int i = offset; i < offset + count; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++)
            {
                // Bitwise, not table-driven: 1 KiB of table costs more RAM than the few records per wake cost time.
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
