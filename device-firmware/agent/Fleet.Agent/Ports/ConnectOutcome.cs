namespace Fleet.Agent.Ports;

/// <summary>How a CONNECT ended.</summary>
public enum ConnectOutcome
{
    /// <summary>Connected and the broker still had the session (subscription kept).</summary>
    SessionPresent = 0,

    /// <summary>Connected with a new session: the agent must subscribe again.</summary>
    NewSession = 1,

    /// <summary>No answer: no network, broker down or timed out.</summary>
    Unreachable = 2,

    /// <summary>The broker answered and refused (credentials, ban): retrying sooner does not help.</summary>
    Refused = 3,
}
