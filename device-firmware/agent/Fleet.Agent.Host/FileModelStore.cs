using System.Security.Cryptography;
using Fleet.Agent.Ports;
using Fleet.Agent.Storage;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Agent.Host;

/// <summary>
/// File-backed model slots for host runs while the C model slots' binding is not in use: an active and a previous
/// slot, a download slot and its journal (written after each chunk, so a power cut loses at most the chunk in
/// flight). <see cref="Finish"/> checks size, SHA-256 and the ECDSA P-256 signature (docs/model-signing.md), then
/// loads the model in libfleetcore (P/Invoke) and runs its self-test vector, and only then activates it.
/// </summary>
public sealed class FileModelStore : IModelStore
{
    /// <summary>Faults of an unconfirmed model after which the previous model comes back.</summary>
    public const int FaultsBeforeRollback = 3;

    private const int ResultActivated = 0, ResultHashMismatch = 1, ResultBadSignature = 2, ResultNoSpace = 3,
        ResultAborted = 4, ResultIncompatible = 5, ResultSelfTestFailed = 7, ResultRolledBack = 8;

    private readonly string _directory;
    private readonly uint _capacityBytes;
    private readonly byte[] _trustedPublicKey;

    public FileModelStore(string directory, uint capacityBytes, byte[] trustedPublicKey65)
    {
        if (trustedPublicKey65.Length != 65 || trustedPublicKey65[0] != 0x04)
        {
            throw new ArgumentException("The trusted key must be an uncompressed P-256 point (65 bytes, 0x04 first).", nameof(trustedPublicKey65));
        }
        _directory = directory;
        _capacityBytes = capacityBytes;
        _trustedPublicKey = trustedPublicKey65;
        Directory.CreateDirectory(directory);
    }

    private string ActivePath => Path.Combine(_directory, "active.flmd");
    private string PreviousPath => Path.Combine(_directory, "previous.flmd");
    private string PendingPath => Path.Combine(_directory, "pending.bin");
    private string JournalPath => Path.Combine(_directory, "pending.journal");
    private string ActiveMetaPath => Path.Combine(_directory, "active.meta");
    private string PreviousMetaPath => Path.Combine(_directory, "previous.meta");

    public ModelStoreStatus Status
    {
        get
        {
            var status = new ModelStoreStatus();
            SlotMeta? active = ReadMeta(ActiveMetaPath);
            if (active != null)
            {
                status.ActiveModelId = active.ModelId;
                status.ActiveVersion = active.Version;
            }
            Journal? journal = ReadJournal();
            if (journal != null)
            {
                status.HasPending = true;
                status.PendingOfferId = journal.OfferId;
                status.PendingModelId = journal.ModelId;
                status.PendingVersion = journal.Version;
                status.PendingBytesWritten = journal.BytesWritten;
            }
            return status;
        }
    }

    /// <summary>The active model's bytes (empty when none), for the sensing loop.</summary>
    public byte[] ReadActiveModel() => File.Exists(ActivePath) ? File.ReadAllBytes(ActivePath) : [];

    public uint Begin(uint offerId, string modelId, uint version, uint sizeBytes, byte[] sha256, byte[] signature)
    {
        Journal? journal = ReadJournal();
        if (journal != null && journal.OfferId == offerId && journal.Size == sizeBytes && journal.Sha256.AsSpan().SequenceEqual(sha256))
        {
            long onDisk = File.Exists(PendingPath) ? new FileInfo(PendingPath).Length : 0;
            return journal.BytesWritten <= onDisk ? journal.BytesWritten : (uint)onDisk;
        }
        if (sizeBytes > _capacityBytes)
        {
            throw new ModelStoreException(ResultNoSpace, $"{sizeBytes} bytes do not fit a {_capacityBytes}-byte slot");
        }
        if (modelId.Length == 0 || sha256.Length != 32 || signature.Length != 64)
        {
            throw new ModelStoreException(ResultIncompatible, "offer lacks a model id, hash or signature");
        }
        File.WriteAllBytes(PendingPath, []);
        WriteJournal(new Journal(offerId, modelId, version, sizeBytes, sha256, signature, 0));
        return 0;
    }

    public void WriteChunk(uint offset, byte[] data)
    {
        Journal journal = ReadJournal() ?? throw new ModelStoreException(ResultAborted, "no download in progress");
        if (offset != journal.BytesWritten || offset + (ulong)data.Length > journal.Size)
        {
            throw new ModelStoreException(ResultAborted, $"chunk at {offset} does not continue the download at {journal.BytesWritten}");
        }
        using (var stream = new FileStream(PendingPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None))
        {
            // Anything past the journaled offset is a chunk torn by a power cut: overwrite it.
            stream.SetLength(offset);
            stream.Position = offset;
            stream.Write(data);
            stream.Flush(flushToDisk: true);
        }
        WriteJournal(journal with { BytesWritten = offset + (uint)data.Length });
    }

    public int Finish()
    {
        Journal journal = ReadJournal() ?? throw new ModelStoreException(ResultAborted, "no download in progress");
        byte[] blob = File.ReadAllBytes(PendingPath);
        int code = Verify(journal, blob);
        DiscardPending();
        if (code != ResultActivated)
        {
            return code;
        }
        if (File.Exists(ActivePath))
        {
            File.Copy(ActivePath, PreviousPath, overwrite: true);
            File.Copy(ActiveMetaPath, PreviousMetaPath, overwrite: true);
        }
        AtomicFile.Write(ActivePath, blob, blob.Length);
        WriteMeta(ActiveMetaPath, new SlotMeta(journal.ModelId, journal.Version, Confirmed: false, Faults: 0));
        return ResultActivated;
    }

    public void Confirm()
    {
        SlotMeta? active = ReadMeta(ActiveMetaPath);
        if (active != null && !active.Confirmed)
        {
            WriteMeta(ActiveMetaPath, active with { Confirmed = true });
        }
    }

    public int ReportFault()
    {
        SlotMeta? active = ReadMeta(ActiveMetaPath);
        if (active == null || active.Confirmed)
        {
            return -1;
        }
        SlotMeta faulted = active with { Faults = active.Faults + 1 };
        if (faulted.Faults < FaultsBeforeRollback || !File.Exists(PreviousPath))
        {
            WriteMeta(ActiveMetaPath, faulted);
            return -1;
        }
        byte[] previous = File.ReadAllBytes(PreviousPath);
        AtomicFile.Write(ActivePath, previous, previous.Length);
        SlotMeta restored = ReadMeta(PreviousMetaPath)! with { Confirmed = true, Faults = 0 };
        WriteMeta(ActiveMetaPath, restored);
        return ResultRolledBack;
    }

    private int Verify(Journal journal, byte[] blob)
    {
        if (blob.Length != journal.Size || !SHA256.HashData(blob).AsSpan().SequenceEqual(journal.Sha256))
        {
            return ResultHashMismatch;
        }
        using (ECDsa key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = _trustedPublicKey[1..33], Y = _trustedPublicKey[33..65] },
        }))
        {
            if (!key.VerifyHash(journal.Sha256, journal.Signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return ResultBadSignature;
            }
        }
        return SelfTest(journal, blob);
    }

    /// <summary>
    /// As the C slots do: the core's own loader must accept the model, its identity must match the offer, and its
    /// self-test vector (docs/model-format.md, "Self-test section") must give the stored output byte for byte.
    /// </summary>
    private static int SelfTest(Journal journal, byte[] blob)
    {
        try
        {
            using FleetModel model = FleetModel.Load(blob);
            if (model.Info.ModelId != journal.ModelId || model.Info.ModelVersion != journal.Version)
            {
                return ResultIncompatible;
            }
            if ((BitConverter.ToUInt32(blob, 44) & 1) == 0)
            {
                return ResultIncompatible; // No self-test: not activated over the air (the slots' default).
            }
            int at = (int)(BitConverter.ToUInt32(blob, 120) + BitConverter.ToUInt32(blob, 124));
            int inputLength = (int)BitConverter.ToUInt32(blob, at);
            int outputLength = (int)BitConverter.ToUInt32(blob, at + 4);
            sbyte[] input = ToSigned(blob.AsSpan(at + 8, inputLength));
            sbyte[] expected = ToSigned(blob.AsSpan(at + 8 + ((inputLength + 3) & ~3), outputLength));
            return model.Run(input).AsSpan().SequenceEqual(expected) ? ResultActivated : ResultSelfTestFailed;
        }
        catch (Exception e) when (e is FleetModelLoadException or ArgumentException or InvalidOperationException)
        {
            return ResultIncompatible; // The loader refused it, as fl_slots_finish does.
        }
    }

    private static sbyte[] ToSigned(ReadOnlySpan<byte> bytes)
    {
        var result = new sbyte[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            result[i] = unchecked((sbyte)bytes[i]);
        }
        return result;
    }

    private void DiscardPending()
    {
        File.Delete(JournalPath);
        File.Delete(PendingPath);
    }

    private Journal? ReadJournal()
    {
        if (!File.Exists(JournalPath))
        {
            return null;
        }
        try
        {
            var r = new RecordReader(File.ReadAllBytes(JournalPath));
            return new Journal(r.U32(), r.Text(), r.U32(), r.U32(), r.Bytes(), r.Bytes(), r.U32());
        }
        catch (FormatException)
        {
            return null; // A damaged journal means start the download again, never trust half of it.
        }
    }

    private void WriteJournal(Journal j)
    {
        var w = new RecordWriter();
        w.U32(j.OfferId); w.Text(j.ModelId); w.U32(j.Version); w.U32(j.Size); w.Bytes(j.Sha256); w.Bytes(j.Signature); w.U32(j.BytesWritten);
        byte[] data = w.ToArrayWithCrc();
        AtomicFile.Write(JournalPath, data, data.Length);
    }

    private static SlotMeta? ReadMeta(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var r = new RecordReader(File.ReadAllBytes(path));
        return new SlotMeta(r.Text(), r.U32(), r.Bool(), (int)r.U32());
    }

    private static void WriteMeta(string path, SlotMeta meta)
    {
        var w = new RecordWriter();
        w.Text(meta.ModelId); w.U32(meta.Version); w.Bool(meta.Confirmed); w.U32((uint)meta.Faults);
        byte[] data = w.ToArrayWithCrc();
        AtomicFile.Write(path, data, data.Length);
    }

    private sealed record Journal(uint OfferId, string ModelId, uint Version, uint Size, byte[] Sha256, byte[] Signature, uint BytesWritten);

    private sealed record SlotMeta(string ModelId, uint Version, bool Confirmed, int Faults);
}
