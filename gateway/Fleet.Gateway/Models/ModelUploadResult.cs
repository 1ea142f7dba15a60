// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>An upload's outcome: the stored model (<paramref name="Created"/> false for an identical re-upload), or the refusal.</summary>
public sealed record ModelUploadResult(ModelRecord? Model, bool Created, ModelRejection? Rejection);
