namespace Fleet.Contracts.Messages;

/// <summary>
/// Index of each entry of <see cref="Telemetry.WakeLedgerUc"/> (telemetry key 15), as in the firmware's
/// <c>fl_ledger_state_t</c>. <see cref="Sleep"/> is the sleep that ended with the wake that sent the message.
/// </summary>
public enum WakeLedgerState
{
    Sleep = 0,
    Wake = 1,
    SensorWarmup = 2,
    Capture = 3,
    Detect = 4,
    RadioConnect = 5,
    RadioTx = 6,
    RadioRx = 7,
}
