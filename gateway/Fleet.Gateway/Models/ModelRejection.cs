// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>Why an upload was refused: the <c>reason</c> tag of <c>fleet.gateway.models.rejected</c>, an HTTP status and a sentence.</summary>
public sealed record ModelRejection(string Reason, int Status, string Detail)
{
    /// <summary>The form lacks the <c>model</c> or <c>signature</c> part, or the body ended early.</summary>
    public const string MalformedUpload = "malformed_upload";
    public const string MalformedSignature = "malformed_signature";
    public const string TooLarge = "too_large";
    public const string InvalidModel = "invalid_model";
    public const string VersionConflict = "version_conflict";
    public const string StorageFull = "storage_full";

    /// <summary>The optional <c>report</c> part is too large, not JSON, or a field is missing or out of range.</summary>
    public const string InvalidReport = "invalid_report";
}
