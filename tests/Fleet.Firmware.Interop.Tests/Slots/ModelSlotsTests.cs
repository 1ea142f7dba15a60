// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Fleet.Contracts.Messages;
using Fleet.Firmware.Interop.Slots;

namespace Fleet.Firmware.Interop.Tests.Slots;

/// <summary>
/// ModelSlots over the C slots and the host port: keys and signatures made at run time by .NET's ECDsa (P1363
/// r || s), verified by the C path through mbedTLS; resume across a reopen; every refusal code; the fallback.
/// </summary>
public sealed class ModelSlotsTests : IDisposable
{
    private const uint FlashBytes = 4096 * 14; // 2 journal sectors + 2 slots of 6 sectors
    private const int Side = 32;               // an 18 KB model: many chunks, several sectors

    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-slots-").FullName;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string Image => Path.Combine(_dir, "flash.img");

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static byte[] PublicPoint(ECDsa key)
    {
        ECParameters p = key.ExportParameters(includePrivateParameters: false);
        return [0x04, .. p.Q.X!, .. p.Q.Y!];
    }

    private static (byte[] Sha, byte[] Sig) Sign(ECDsa key, byte[] blob) =>
        (SHA256.HashData(blob), key.SignData(blob, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    private static OtaResultCode Install(ModelSlots slots, uint offerId, string id, uint version, byte[] blob, byte[] sha,
        byte[] sig, int chunk = 1000)
    {
        uint off = slots.Begin(offerId, id, version, (uint)blob.Length, sha, sig);
        while (off < blob.Length)
        {
            int n = Math.Min(chunk, blob.Length - (int)off);
            slots.WriteChunk(off, blob[(int)off..((int)off + n)]);
            off += (uint)n;
        }

        return slots.Finish();
    }

    [Fact]
    public void StatusStruct_HasTheCSize()
    {
        unsafe
        {
            Assert.Equal((nuint)sizeof(SlotsStatusNative), SlotsNativeMethods.StatusSizeof());
        }
    }

    [Fact]
    public void DotNetSignature_VerifiesInC_AndTheModelActivates()
    {
        byte[] v1 = TinyFleetModel.Write("tiny", 1, Side, seed: 1);
        (byte[] sha, byte[] sig) = Sign(_key, v1);
        using ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key));
        Assert.Equal("", slots.Status.ActiveModelId);
        Assert.Equal(OtaResultCode.Activated, Install(slots, 1, "tiny", 1, v1, sha, sig));
        SlotStatus s = slots.Status;
        Assert.Equal(("tiny", 1u, 0, false), (s.ActiveModelId, s.ActiveVersion, s.ActiveSlot, s.Confirmed));
        Assert.Null(s.Pending);
        Assert.Equal(new LastOtaResult(1, OtaResultCode.Activated, 1), s.LastResult);
        Assert.Equal(v1, slots.ReadActiveModel());
    }

    [Fact]
    public void SignatureByAnotherKey_IsBadSignature_AndNothingActivates()
    {
        byte[] v1 = TinyFleetModel.Write("tiny", 1, Side, seed: 1);
        (byte[] sha, byte[] sig) = Sign(_otherKey, v1);
        using ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key));
        Assert.Equal(OtaResultCode.BadSignature, Install(slots, 1, "tiny", 1, v1, sha, sig));
        Assert.Equal(OtaResultCode.BadSignature, Install(slots, 2, "tiny", 1, v1, sha, new byte[64]));
        Assert.Null(slots.Status.ActiveSlot);
        Assert.Equal(NativeStatus.State, Assert.Throws<SlotsException>(() => slots.ReadActiveModel()).Status);
    }

    [Fact]
    public void TamperedBytes_AndFailedSelfTest_KeepTheOldModel()
    {
        byte[] v1 = TinyFleetModel.Write("tiny", 1, Side, seed: 1);
        byte[] v2 = TinyFleetModel.Write("tiny", 2, Side, seed: 2);
        byte[] v2Bad = TinyFleetModel.Write("tiny", 2, Side, seed: 2, corruptExpected: true);
        using ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key));
        (byte[] sha1, byte[] sig1) = Sign(_key, v1);
        Assert.Equal(OtaResultCode.Activated, Install(slots, 1, "tiny", 1, v1, sha1, sig1));
        slots.Confirm();

        (byte[] sha2, byte[] sig2) = Sign(_key, v2);
        byte[] tampered = (byte[])v2.Clone();
        tampered[tampered.Length / 2] ^= 1;
        Assert.Equal(OtaResultCode.HashMismatch, Install(slots, 2, "tiny", 2, tampered, sha2, sig2));

        (byte[] shaBad, byte[] sigBad) = Sign(_key, v2Bad);
        Assert.Equal(OtaResultCode.SelfTestFailed, Install(slots, 3, "tiny", 2, v2Bad, shaBad, sigBad));
        Assert.Equal(1u, slots.Status.ActiveVersion);
        Assert.Equal(v1, slots.ReadActiveModel());
    }

    [Fact]
    public void Download_ResumesAfterReopen_FromTheBytesHeld()
    {
        byte[] v1 = TinyFleetModel.Write("tiny", 1, Side, seed: 1);
        (byte[] sha, byte[] sig) = Sign(_key, v1);
        using (ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key)))
        {
            Assert.Equal(0u, slots.Begin(7, "tiny", 1, (uint)v1.Length, sha, sig));
            slots.WriteChunk(0, v1[..1000]);
            slots.WriteChunk(1000, v1[1000..1777]);
            slots.WriteChunk(1000, v1[1000..1777]); // a duplicate is harmless
            Assert.Equal(NativeStatus.State, Assert.Throws<SlotsException>(() => slots.WriteChunk(3000, v1[3000..3100])).Status);
            Assert.Equal(NativeStatus.State, Assert.Throws<SlotsException>(() => slots.Finish()).Status);
        }

        using (ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key)))
        {
            Assert.Equal(new PendingDownload(7, "tiny", 1, (uint)v1.Length, 1777), slots.Status.Pending);
            Assert.Equal(OtaResultCode.Activated, Install(slots, 7, "tiny", 1, v1, sha, sig, chunk: 700));
            Assert.Equal(v1, slots.ReadActiveModel());
        }
    }

    [Fact]
    public void Refusals_CarryTheOtaCode()
    {
        byte[] v1 = TinyFleetModel.Write("tiny", 1, Side, seed: 1);
        (byte[] sha, byte[] sig) = Sign(_key, v1);
        using ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key));
        uint tooBig = slots.Status.SlotBytes + 1;
        Assert.Equal(OtaResultCode.NoSpace, Assert.Throws<SlotsException>(() => slots.Begin(1, "tiny", 1, tooBig, sha, sig)).Code);
        Assert.Equal(OtaResultCode.Incompatible, Assert.Throws<SlotsException>(() => slots.Begin(1, "no spaces", 1, (uint)v1.Length, sha, sig)).Code);
        Assert.Equal(OtaResultCode.Incompatible, Assert.Throws<SlotsException>(() => slots.Begin(1, "tiny", 1, 64, sha, sig)).Code);
    }

    [Fact]
    public void FaultsOnTrial_RollBackToThePreviousModel()
    {
        byte[] v1 = TinyFleetModel.Write("tiny", 1, Side, seed: 1);
        byte[] v2 = TinyFleetModel.Write("tiny", 2, Side, seed: 2);
        using ModelSlots slots = ModelSlots.Open(Image, FlashBytes, PublicPoint(_key), trialLimit: 2);
        (byte[] sha1, byte[] sig1) = Sign(_key, v1);
        (byte[] sha2, byte[] sig2) = Sign(_key, v2);
        Assert.Equal(OtaResultCode.Activated, Install(slots, 1, "tiny", 1, v1, sha1, sig1));
        slots.Confirm();
        Assert.Equal(OtaResultCode.Activated, Install(slots, 2, "tiny", 2, v2, sha2, sig2));
        Assert.Equal(OtaResultCode.Aborted, Assert.Throws<SlotsException>(() => slots.Begin(3, "tiny", 1, (uint)v1.Length, sha1, sig1)).Code);
        Assert.Null(slots.ReportFault());
        Assert.Equal(OtaResultCode.RolledBack, slots.ReportFault());
        SlotStatus s = slots.Status;
        Assert.Equal((1u, true), (s.ActiveVersion, s.Confirmed));
        Assert.Equal(new LastOtaResult(2, OtaResultCode.RolledBack, 1), s.LastResult);
        Assert.Equal(v1, slots.ReadActiveModel());
    }

    [Fact]
    public void Open_RefusesAnImageOfAnotherSize()
    {
        using (ModelSlots.Open(Image, FlashBytes, PublicPoint(_key)))
        {
        }

        Assert.Equal(NativeStatus.Mismatch,
            Assert.Throws<SlotsException>(() => ModelSlots.Open(Image, FlashBytes * 2, PublicPoint(_key))).Status);
    }
}
