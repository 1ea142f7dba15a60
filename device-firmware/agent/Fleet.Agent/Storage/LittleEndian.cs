namespace Fleet.Agent.Storage;

/// <summary>Little-endian integers in byte arrays (nanoFramework has no BinaryPrimitives).</summary>
public static class LittleEndian
{
    public static void WriteU16(byte[] b, int at, uint v)
    {
        b[at] = (byte)v;
        b[at + 1] = (byte)(v >> 8);
    }

    public static void WriteU32(byte[] b, int at, uint v)
    {
        b[at] = (byte)v;
        b[at + 1] = (byte)(v >> 8);
        b[at + 2] = (byte)(v >> 16);
        b[at + 3] = (byte)(v >> 24);
    }

    public static uint ReadU16(byte[] b, int at) => (uint)(b[at] | (b[at + 1] << 8));

    public static uint ReadU32(byte[] b, int at) =>
        (uint)b[at] | ((uint)b[at + 1] << 8) | ((uint)b[at + 2] << 16) | ((uint)b[at + 3] << 24);
}
