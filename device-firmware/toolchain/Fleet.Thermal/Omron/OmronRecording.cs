// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Omron;

/// <summary>One Omron CSV file: its start time (from the BEGINNING OF FILE line) and every data row.</summary>
public sealed record OmronRecording(string Name, DateTime Start, IReadOnlyList<OmronFrame> Frames)
{
    /// <summary>Rows with CheckPEC = 1, in file order: the only ones an evaluation may use.</summary>
    public IEnumerable<OmronFrame> ValidFrames => Frames.Where(f => f.PacketOk);

    /// <summary>Rows with CheckPEC = 0.</summary>
    public int PacketErrorCount => Frames.Count(f => !f.PacketOk);
}
