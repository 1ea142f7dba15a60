// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Fleet.ModelSigning;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Models;

/// <summary>
/// Accepts a model upload only after, in this order: the signature file parses; format, algorithm, key, size,
/// hash and signature check out (docs/model-signing.md); the bytes are a valid FLMD (<see cref="FlmdInspector"/>);
/// no other artifact holds the same id and version. Every refusal is counted and keeps nothing. Thread-safe.
/// </summary>
public sealed partial class ModelUploadService(
    TrustedKeySet trust,
    ModelRepository repository,
    ModelMetrics metrics,
    TimeProvider time,
    ILogger<ModelUploadService> logger)
{
    public Task<ModelUploadResult> UploadAsync(ReadOnlyMemory<byte> artifact, ReadOnlyMemory<byte> signatureFile,
        CancellationToken cancellationToken) => UploadAsync(artifact, signatureFile, null, cancellationToken);

    /// <summary>
    /// As above, storing <paramref name="report"/> (already validated by <see cref="ModelReportParser"/>) with the
    /// model. An identical re-upload returns the stored model as it is: its figures are not replaced.
    /// </summary>
    public async Task<ModelUploadResult> UploadAsync(ReadOnlyMemory<byte> artifact, ReadOnlyMemory<byte> signatureFile,
        ModelReport? report, CancellationToken cancellationToken)
    {
        SignatureFile signature;
        try
        {
            signature = SignatureFile.Parse(signatureFile.Span);
        }
        catch (ModelSigningException ex)
        {
            return Reject(ModelRejection.MalformedSignature, StatusCodes.Status400BadRequest, ex.Message);
        }

        var sha = SHA256.HashData(artifact.Span);
        var verified = trust.Verifier.Verify(artifact.Length, sha, signature);
        if (!verified.IsValid)
        {
            var status = verified.Failure == VerificationFailure.UntrustedKey
                ? StatusCodes.Status403Forbidden
                : StatusCodes.Status422UnprocessableEntity;
            return Reject(verified.Reason, status, verified.Detail);
        }

        // Only a verified artifact is looked inside (the signing contract's order).
        var header = FlmdInspector.TryInspect(artifact.Span, out var error);
        if (header is null)
        {
            return Reject(ModelRejection.InvalidModel, StatusCodes.Status422UnprocessableEntity, error);
        }

        var hex = Convert.ToHexStringLower(sha);
        var existing = await repository.GetAsync(header.ModelId, header.ModelVersion, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.Sha256 == hex
                ? new ModelUploadResult(existing, false, null)
                : Conflict(header, existing);
        }

        var record = new ModelRecord(header.ModelId, header.ModelVersion, hex, artifact.Length, verified.Key!.KeyId,
            Convert.ToBase64String(verified.Signature!), header.Scheme, header.ArenaBytes, header.FlashBytes,
            $"{header.ModelId}-{header.ModelVersion}-{hex[..16]}.flmd", time.GetUtcNow(), report);
        try
        {
            if (!await repository.AddAsync(record, artifact, cancellationToken).ConfigureAwait(false))
            {
                var winner = await repository.GetAsync(header.ModelId, header.ModelVersion, cancellationToken)
                    .ConfigureAwait(false);
                return winner is not null && winner.Sha256 == hex
                    ? new ModelUploadResult(winner, false, null)
                    : Conflict(header, winner);
            }
        }
        catch (ModelStorageFullException ex)
        {
            return Reject(ModelRejection.StorageFull, StatusCodes.Status507InsufficientStorage, ex.Message);
        }

        metrics.RecordAccepted();
        LogAccepted(logger, record.ModelId, record.ModelVersion, record.KeyId, record.SizeBytes);
        return new ModelUploadResult(record, true, null);
    }

    /// <summary>Counts and logs a refusal made before the service saw the bytes (the API's form checks).</summary>
    public ModelUploadResult Reject(string reason, int status, string detail)
    {
        metrics.RecordRejected(reason);
        LogRejected(logger, reason, detail);
        return new ModelUploadResult(null, false, new ModelRejection(reason, status, detail));
    }

    private ModelUploadResult Conflict(FlmdHeader header, ModelRecord? existing) => Reject(
        ModelRejection.VersionConflict, StatusCodes.Status409Conflict,
        $"Model '{header.ModelId}' version {header.ModelVersion} already exists with other bytes" +
        (existing is null ? "." : $" (sha256 {existing.Sha256}); give the new artifact a new version."));

    [LoggerMessage(EventId = 4700, Level = LogLevel.Information,
        Message = "Model {ModelId} v{ModelVersion} accepted (key {KeyId}, {Bytes} bytes)")]
    private static partial void LogAccepted(ILogger logger, string modelId, uint modelVersion, string keyId, long bytes);

    [LoggerMessage(EventId = 4701, Level = LogLevel.Warning, Message = "Model upload refused ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string reason, string detail);
}
