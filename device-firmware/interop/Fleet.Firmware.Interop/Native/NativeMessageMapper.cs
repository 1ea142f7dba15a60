using System.Text;
using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Native;

/// <summary>
/// Copies between the Fleet.Contracts records and <see cref="NativeMessage"/>. Only representation is checked
/// here (strings that are ASCII without NUL and fit their buffer, arrays that fit); every protocol rule (ranges,
/// character sets, enum values) is left to the C encoder so there is one source of truth.
/// </summary>
internal static unsafe class NativeMessageMapper
{
    public static void ToNative(FleetMessage message, NativeMessage* m)
    {
        m->Type = (byte)message.Type;
        PutAscii(message.DeviceId, m->DeviceId, 33, nameof(message.DeviceId));
        switch (message)
        {
            case DetectionEvent d:
                ToNative(d, &m->Body.Detection);
                break;
            case Telemetry t:
                ToNative(t, &m->Body.Telemetry);
                break;
            case StatusMessage s:
                ToNative(s, &m->Body.Status);
                break;
            case DesiredConfig c:
            {
                NativeDesiredConfig* d = &m->Body.DesiredConfig;
                ToNative(c.Config, &d->Config);
                PutOptional(c.Config.QuietStartMin, &d->HasQuietStartMin, &d->QuietStartMin);
                PutOptional(c.Config.QuietEndMin, &d->HasQuietEndMin, &d->QuietEndMin);
                break;
            }
            case ReportedConfig c:
            {
                NativeReportedConfig* r = &m->Body.ReportedConfig;
                ToNative(c.Config, &r->Config);
                r->ApplyResult = (byte)c.ApplyResult;
                if (c.RejectReason is { } reason)
                {
                    PutAscii(reason, r->RejectReason, 64, nameof(c.RejectReason));
                    r->HasRejectReason = 1;
                }
                // Each bound goes over on its own, so the C encoder's both-or-neither rule judges a half window.
                PutOptional(c.Config.QuietStartMin, &r->HasQuietStartMin, &r->QuietStartMin);
                PutOptional(c.Config.QuietEndMin, &r->HasQuietEndMin, &r->QuietEndMin);
                break;
            }
            case OtaOffer o:
                ToNative(o, &m->Body.OtaOffer);
                break;
            case OtaChunkRequest q:
                m->Body.OtaChunkRequest.OfferId = q.OfferId;
                m->Body.OtaChunkRequest.Offset = q.Offset;
                m->Body.OtaChunkRequest.Length = q.Length;
                break;
            case OtaChunk c:
                m->Body.OtaChunk.OfferId = c.OfferId;
                m->Body.OtaChunk.Offset = c.Offset;
                PutBytes(c.Data.Span, m->Body.OtaChunk.Data, 1024, nameof(c.Data));
                m->Body.OtaChunk.DataLen = (ushort)c.Data.Length;
                break;
            case OtaResult r:
                m->Body.OtaResult.OfferId = r.OfferId;
                m->Body.OtaResult.Code = (byte)r.Code;
                m->Body.OtaResult.ActiveModelVersion = r.ActiveModelVersion;
                break;
            default:
                throw new ArgumentException($"Unsupported message record {message.GetType().Name}.", nameof(message));
        }
    }

    private static void ToNative(DetectionEvent d, NativeDetection* n)
    {
        ArgumentNullException.ThrowIfNull(d.Boxes, nameof(d.Boxes));
        n->Seq = d.Sequence;
        n->DeviceTimeMs = d.DeviceTimeMs;
        n->Detector = (byte)d.Detector;
        if (d.Boxes.Count > 16)
        {
            throw new ArgumentException($"A detection carries at most 16 boxes, not {d.Boxes.Count}.", nameof(d.Boxes));
        }
        NativeBox* boxes = (NativeBox*)&n->Boxes;
        for (int i = 0; i < d.Boxes.Count; i++)
        {
            DetectionBox box = d.Boxes[i] ?? throw new ArgumentException("A box is null.", nameof(d.Boxes));
            NativeBox* b = &boxes[i];
            b->X = box.X;
            b->Y = box.Y;
            b->W = box.Width;
            b->H = box.Height;
            b->ScorePmy = box.ScorePmy;
            PutAscii(box.Label, b->Label, 16, nameof(box.Label));
        }
        n->BoxCount = (byte)d.Boxes.Count;
        PutAscii(d.ModelId, n->ModelId, 32, nameof(d.ModelId));
        n->ModelVersion = d.ModelVersion;
        n->InferenceUs = d.InferenceUs;
        n->InferenceMacs = d.InferenceMacs;
        n->EnergyUj = d.EnergyUj;
    }

    private static void ToNative(Telemetry t, NativeTelemetry* n)
    {
        n->Seq = t.Sequence;
        n->DeviceTimeMs = t.DeviceTimeMs;
        n->BatteryMv = t.BatteryMv;
        n->SocPm = t.SocPm;
        n->TemperatureCc = t.TemperatureCc;
        n->ChargeUsedUah = t.ChargeUsedUah;
        n->WakeCount = t.WakeCount;
        n->UptimeS = t.UptimeS;
        PutAscii(t.FirmwareVersion, n->FirmwareVersion, 24, nameof(t.FirmwareVersion));
        PutAscii(t.ModelId, n->ModelId, 32, nameof(t.ModelId));
        n->ModelVersion = t.ModelVersion;
        n->RssiDbm = t.RssiDbm;
        if (t.WakeLedgerUc is { } ledger)
        {
            // A wrong count goes to C as it is, so the encoder's range check (0 or 8) rejects it.
            n->WakeLedgerCount = (byte)Math.Min(ledger.Count, byte.MaxValue);
            for (int i = 0; i < Math.Min(ledger.Count, 8); i++)
            {
                n->WakeLedgerUc[i] = ledger[i];
            }
        }

        PutOptional(t.DroppedTelemetry, &n->HasDroppedTelemetry, &n->DroppedTelemetry);
        PutOptional(t.DroppedDetections, &n->HasDroppedDetections, &n->DroppedDetections);
    }

    private static void PutOptional<T>(T? value, byte* present, T* dst)
        where T : unmanaged
    {
        if (value is { } v)
        {
            *dst = v;
            *present = 1;
        }
    }

    private static void ToNative(StatusMessage s, NativeStatusMessage* n)
    {
        n->Seq = s.Sequence;
        n->DeviceTimeMs = s.DeviceTimeMs;
        n->State = (byte)s.State;
        PutAscii(s.FirmwareVersion, n->FirmwareVersion, 24, nameof(s.FirmwareVersion));
        n->WakeReason = (byte)s.WakeReason;
        n->NextWakeS = s.NextWakeS;
    }

    private static void ToNative(DeviceConfig c, NativeConfig* n)
    {
        ArgumentNullException.ThrowIfNull(c, "Config");
        n->ConfigVersion = c.ConfigVersion;
        n->WakeIntervalS = c.WakeIntervalS;
        n->TelemetryEvery = c.TelemetryEvery;
        n->ScoreThresholdPmy = c.ScoreThresholdPmy;
        n->Detector = (byte)c.Detector;
        PutAscii(c.ModelId, n->ModelId, 32, nameof(c.ModelId));
        n->ModelVersion = c.ModelVersion;
        n->ReportEmpty = c.ReportEmpty ? (byte)1 : (byte)0;
    }

    private static void ToNative(OtaOffer o, NativeOtaOffer* n)
    {
        n->OfferId = o.OfferId;
        PutAscii(o.ModelId, n->ModelId, 32, nameof(o.ModelId));
        n->ModelVersion = o.ModelVersion;
        n->SizeBytes = o.SizeBytes;
        PutExact(o.Sha256.Span, n->Sha256, 32, nameof(o.Sha256));
        n->ChunkSize = o.ChunkSize;
        PutExact(o.Signature.Span, n->Signature, 64, nameof(o.Signature));
    }

    /// <summary>Writes value + NUL into a char[capacity] buffer; the C side checks the field's character set.</summary>
    private static void PutAscii(string? value, byte* dst, int capacity, string field)
    {
        if (value is null)
        {
            throw new ArgumentException($"{field} must not be null.", field);
        }
        if (value.Length >= capacity)
        {
            throw new ArgumentException($"{field} is {value.Length} chars; at most {capacity - 1} fit.", field);
        }
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            // A NUL would silently cut the string short and non-ASCII has no one-byte form: neither is valid v1 text.
            if (c == '\0' || c > '\u007f')
            {
                throw new ArgumentException($"{field} must be ASCII without NUL.", field);
            }
            dst[i] = (byte)c;
        }
        dst[value.Length] = 0;
    }

    private static void PutBytes(ReadOnlySpan<byte> value, byte* dst, int capacity, string field)
    {
        if (value.Length > capacity)
        {
            throw new ArgumentException($"{field} is {value.Length} bytes; at most {capacity} fit.", field);
        }
        value.CopyTo(new Span<byte>(dst, capacity));
    }

    private static void PutExact(ReadOnlySpan<byte> value, byte* dst, int length, string field)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"{field} must be exactly {length} bytes, not {value.Length}.", field);
        }
        value.CopyTo(new Span<byte>(dst, length));
    }

    /// <summary>Builds the record for a struct the C decoder accepted (so every value is in range).</summary>
    public static FleetMessage FromNative(NativeMessage* m)
    {
        string deviceId = GetAscii(m->DeviceId, 33);
        switch ((MessageType)m->Type)
        {
            case MessageType.Detection:
            {
                NativeDetection* d = &m->Body.Detection;
                NativeBox* boxes = (NativeBox*)&d->Boxes;
                var list = new DetectionBox[d->BoxCount];
                for (int i = 0; i < list.Length; i++)
                {
                    NativeBox* b = &boxes[i];
                    list[i] = new DetectionBox(b->X, b->Y, b->W, b->H, b->ScorePmy, GetAscii(b->Label, 16));
                }
                return new DetectionEvent(deviceId, d->Seq, d->DeviceTimeMs, (DetectorKind)d->Detector, list,
                    GetAscii(d->ModelId, 32), d->ModelVersion, d->InferenceUs, d->InferenceMacs, d->EnergyUj);
            }
            case MessageType.Telemetry:
            {
                NativeTelemetry* t = &m->Body.Telemetry;
                return new Telemetry(deviceId, t->Seq, t->DeviceTimeMs, t->BatteryMv, t->SocPm, t->TemperatureCc,
                    t->ChargeUsedUah, t->WakeCount, t->UptimeS, GetAscii(t->FirmwareVersion, 24),
                    GetAscii(t->ModelId, 32), t->ModelVersion, t->RssiDbm,
                    t->WakeLedgerCount == 0 ? null : new ReadOnlySpan<uint>(t->WakeLedgerUc, t->WakeLedgerCount).ToArray(),
                    t->HasDroppedTelemetry != 0 ? t->DroppedTelemetry : null,
                    t->HasDroppedDetections != 0 ? t->DroppedDetections : null);
            }
            case MessageType.Status:
            {
                NativeStatusMessage* s = &m->Body.Status;
                return new StatusMessage(deviceId, s->Seq, s->DeviceTimeMs, (DeviceState)s->State,
                    GetAscii(s->FirmwareVersion, 24), (WakeReason)s->WakeReason, s->NextWakeS);
            }
            case MessageType.DesiredConfig:
            {
                NativeDesiredConfig* d = &m->Body.DesiredConfig;
                return new DesiredConfig(deviceId, FromNative(&d->Config) with
                {
                    QuietStartMin = d->HasQuietStartMin != 0 ? d->QuietStartMin : null,
                    QuietEndMin = d->HasQuietEndMin != 0 ? d->QuietEndMin : null,
                });
            }
            case MessageType.ReportedConfig:
            {
                NativeReportedConfig* r = &m->Body.ReportedConfig;
                return new ReportedConfig(deviceId, FromNative(&r->Config) with
                    {
                        QuietStartMin = r->HasQuietStartMin != 0 ? r->QuietStartMin : null,
                        QuietEndMin = r->HasQuietEndMin != 0 ? r->QuietEndMin : null,
                    },
                    (ConfigApplyResult)r->ApplyResult,
                    r->HasRejectReason != 0 ? GetAscii(r->RejectReason, 64) : null);
            }
            case MessageType.OtaOffer:
            {
                NativeOtaOffer* o = &m->Body.OtaOffer;
                return new OtaOffer(deviceId, o->OfferId, GetAscii(o->ModelId, 32), o->ModelVersion, o->SizeBytes,
                    new ReadOnlySpan<byte>(o->Sha256, 32).ToArray(), o->ChunkSize,
                    new ReadOnlySpan<byte>(o->Signature, 64).ToArray());
            }
            case MessageType.OtaChunkRequest:
            {
                NativeOtaChunkRequest* q = &m->Body.OtaChunkRequest;
                return new OtaChunkRequest(deviceId, q->OfferId, q->Offset, q->Length);
            }
            case MessageType.OtaChunk:
            {
                NativeOtaChunk* c = &m->Body.OtaChunk;
                return new OtaChunk(deviceId, c->OfferId, c->Offset, new ReadOnlySpan<byte>(c->Data, c->DataLen).ToArray());
            }
            case MessageType.OtaResult:
            {
                NativeOtaResult* r = &m->Body.OtaResult;
                return new OtaResult(deviceId, r->OfferId, (OtaResultCode)r->Code, r->ActiveModelVersion);
            }
            default:
                // The C decoder only returns FL_OK with a type 1..9; anything else is a broken library.
                throw new InvalidOperationException($"libfleetcore returned unknown message type {m->Type}.");
        }
    }

    private static DeviceConfig FromNative(NativeConfig* c) =>
        new(c->ConfigVersion, c->WakeIntervalS, c->TelemetryEvery, c->ScoreThresholdPmy, (DetectorKind)c->Detector,
            GetAscii(c->ModelId, 32), c->ModelVersion, c->ReportEmpty != 0);

    private static string GetAscii(byte* src, int capacity)
    {
        var span = new ReadOnlySpan<byte>(src, capacity);
        int length = span.IndexOf((byte)0);
        return Encoding.ASCII.GetString(length < 0 ? span : span[..length]);
    }
}
