namespace Fleet.Contracts.Messages;

/// <summary>Outcome of applying a desired config (type 5 key 11).</summary>
public enum ConfigApplyResult : byte { Applied = 0, RejectedInvalid = 1, RejectedModelMissing = 2 }
