namespace Fleet.Agent.Protocol;

/// <summary>The topics of docs/protocol.md §1.1 for one device.</summary>
public sealed class AgentTopics
{
    public AgentTopics(string deviceId)
    {
        string root = "fleet/v1/" + deviceId + "/";
        Detection = root + "up/detection";
        Telemetry = root + "up/telemetry";
        Status = root + "up/status";
        ReportedConfig = root + "up/config";
        OtaRequest = root + "up/ota/request";
        OtaResult = root + "up/ota/result";
        DesiredConfig = root + "down/config";
        OtaOffer = root + "down/ota/offer";
        OtaChunk = root + "down/ota/chunk";
        DownlinkFilter = root + "down/#";
    }

    public string Detection { get; }
    public string Telemetry { get; }
    public string Status { get; }
    public string ReportedConfig { get; }
    public string OtaRequest { get; }
    public string OtaResult { get; }
    public string DesiredConfig { get; }
    public string OtaOffer { get; }
    public string OtaChunk { get; }
    public string DownlinkFilter { get; }

    /// <summary>The topic of an uplink message type, for queued items.</summary>
    public string ForType(int messageType) => messageType == MessageTypes.Detection ? Detection : Telemetry;
}
