using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;

namespace Fleet.Agent.Native;

/// <summary><see cref="INativeCore"/> on nanoFramework, over <see cref="NanoNativeMethods"/>.</summary>
public sealed class NanoNativeCore : INativeCore, IAgentClock, IBattery, IModelStore
{
    private const int MaxBoxes = 16;
    private bool _fault;

    public IAgentClock Clock => this;
    public IModelStore Models => this;
    public IBattery Battery => this;
    public int WakeReason => NanoNativeMethods.WakeReason();

    public ulong UnixTimeMs => NanoNativeMethods.ClockUnixMs();
    public long MonotonicMs => NanoNativeMethods.ClockMonotonicMs();

    public uint BatteryMv => (uint)ReadBattery()[0];
    public uint SocPm => (uint)ReadBattery()[1];
    public int TemperatureCc => ReadBattery()[2];
    public uint ChargeUsedUah => (uint)ReadBattery()[3];

    public DetectionRecord? Sense(DeviceSettings settings)
    {
        var boxes = new int[MaxBoxes * 6];
        var labels = new byte[MaxBoxes * 16];
        var meta = new uint[7];
        var modelId = new byte[32];
        int status = NanoNativeMethods.Sense(settings.Detector, settings.ScoreThresholdPmy, boxes, labels, meta, modelId);
        _fault = meta[6] != 0;
        if (status != 0)
        {
            return null;
        }
        var record = new DetectionRecord();
        record.DeviceTimeMs = UnixTimeMs;
        record.Detector = meta[0];
        record.ModelId = Text(modelId, 0, 32);
        record.ModelVersion = meta[1];
        record.InferenceUs = meta[2];
        record.InferenceMacs = meta[3];
        record.EnergyUj = meta[4];
        int count = (int)meta[5];
        record.Boxes = new DetectionBox[count];
        for (int i = 0; i < count; i++)
        {
            var b = new DetectionBox();
            b.X = (uint)boxes[i * 6];
            b.Y = (uint)boxes[i * 6 + 1];
            b.W = (uint)boxes[i * 6 + 2];
            b.H = (uint)boxes[i * 6 + 3];
            b.ScorePmy = (uint)boxes[i * 6 + 4];
            b.Label = Text(labels, i * 16, 16);
            record.Boxes[i] = b;
        }
        return record;
    }

    public bool TakeModelFault()
    {
        bool fault = _fault;
        _fault = false;
        return fault;
    }

    public uint[]? LastWakeLedgerUc()
    {
        var ledger = new uint[MessageTypes.WakeLedgerStates];
        return NanoNativeMethods.WakeLedger(ledger) == MessageTypes.WakeLedgerStates ? ledger : null;
    }

    public void Sleep(uint seconds) => NanoNativeMethods.Sleep(seconds);

    public ModelStoreStatus Status
    {
        get
        {
            var values = new uint[6];
            var active = new byte[32];
            var pending = new byte[32];
            NanoNativeMethods.SlotsStatus(values, active, pending);
            var s = new ModelStoreStatus();
            s.ActiveModelId = Text(active, 0, 32);
            s.ActiveVersion = values[0];
            s.HasPending = values[1] != 0;
            s.PendingOfferId = values[2];
            s.PendingVersion = values[3];
            s.PendingBytesWritten = values[4];
            s.PendingModelId = Text(pending, 0, 32);
            s.RolledBack = values[5] == 8;
            return s;
        }
    }

    public uint Begin(uint offerId, string modelId, uint version, uint sizeBytes, byte[] sha256, byte[] signature)
    {
        long result = NanoNativeMethods.SlotsBegin(offerId, Ascii(modelId), version, sizeBytes, sha256, signature);
        if (result < 0)
        {
            throw new ModelStoreException((int)(-result - 1), "model slots refused the offer");
        }
        return (uint)result;
    }

    public void WriteChunk(uint offset, byte[] data)
    {
        int code = NanoNativeMethods.SlotsWrite(offset, data);
        if (code != 0)
        {
            throw new ModelStoreException(code, "model slot write failed");
        }
    }

    public int Finish() => NanoNativeMethods.SlotsFinish();

    public void Confirm() => NanoNativeMethods.SlotsConfirm();

    public int ReportFault() => NanoNativeMethods.SlotsReportFault();

    private static int[] ReadBattery()
    {
        var values = new int[4];
        NanoNativeMethods.BatteryRead(values);
        return values;
    }

    private static byte[] Ascii(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }
        return bytes;
    }

    private static string Text(byte[] data, int offset, int max)
    {
        int n = 0;
        while (n < max && data[offset + n] != 0)
        {
            n++;
        }
        var chars = new char[n];
        for (int i = 0; i < n; i++)
        {
            chars[i] = (char)data[offset + i];
        }
        return new string(chars);
    }
}
