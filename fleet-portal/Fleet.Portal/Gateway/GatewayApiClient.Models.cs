// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net.Http.Headers;

namespace Fleet.Portal.Gateway;

/// <summary>Models (list, upload, energy preview) and rollouts (list, create, pause, resume, abort).</summary>
public sealed partial class GatewayApiClient
{
    public Task<GatewayResult<List<GatewayModel>>> GetModelsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<GatewayModel>>("api/models", cancellationToken);

    public Task<GatewayResult<GatewayModel>> GetModelAsync(string id, uint version, CancellationToken cancellationToken) =>
        GetAsync<GatewayModel>(ModelPath(id, version), cancellationToken);

    /// <summary>The energy and battery-life preview against <paramref name="against"/> (null: the gateway's default).</summary>
    public Task<GatewayResult<GatewayModelPreview>> GetModelPreviewAsync(string id, uint version, uint? against,
        CancellationToken cancellationToken) =>
        GetAsync<GatewayModelPreview>(ModelPath(id, version) + "/preview" + Against(against), cancellationToken);

    /// <summary>The preview's plot, an SVG document.</summary>
    public Task<GatewayResult<string>> GetModelPreviewSvgAsync(string id, uint version, uint? against,
        CancellationToken cancellationToken) =>
        GetTextAsync(ModelPath(id, version) + "/preview.svg" + Against(against), cancellationToken);

    /// <summary>
    /// Uploads a signed model as the gateway takes it: the artifact, its detached signature and optionally the
    /// measured report, each a file part. Refusals come back as the gateway's ProblemDetails.
    /// </summary>
    public Task<GatewayResult<GatewayModel>> UploadModelAsync(GatewayUploadFile model, GatewayUploadFile signature,
        GatewayUploadFile? report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(signature);
        var form = new MultipartFormDataContent();
        Add(form, "model", model, "application/octet-stream");
        Add(form, "signature", signature, "application/json");
        if (report is not null)
        {
            Add(form, "report", report, "application/json");
        }

        return SendAsync<GatewayModel>(HttpMethod.Post, "api/models", form, cancellationToken);
    }

    public Task<GatewayResult<List<GatewayRollout>>> GetRolloutsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<GatewayRollout>>("api/rollouts", cancellationToken);

    public Task<GatewayResult<GatewayRollout>> GetRolloutAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<GatewayRollout>(RolloutPath(id), cancellationToken);

    /// <summary>Creates and starts a rollout; field errors come back keyed by the request's JSON names.</summary>
    public Task<GatewayResult<GatewayRollout>> CreateRolloutAsync(GatewayRolloutRequest request,
        CancellationToken cancellationToken) =>
        SendJsonAsync<GatewayRollout>(HttpMethod.Post, "api/rollouts", request, cancellationToken);

    /// <summary><paramref name="action"/> is <c>pause</c>, <c>resume</c> or <c>abort</c>.</summary>
    public Task<GatewayResult<GatewayRollout>> ActOnRolloutAsync(string id, string action,
        CancellationToken cancellationToken)
    {
        if (action is not ("pause" or "resume" or "abort"))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "pause, resume or abort");
        }

        return SendAsync<GatewayRollout>(HttpMethod.Post, RolloutPath(id) + "/" + action, null, cancellationToken);
    }

    private async Task<GatewayResult<string>> GetTextAsync(string relative, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, connection.Resolve(relative));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new(null, await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false));
            }

            return new(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (HttpRequestException ex)
        {
            return new(null, Unreachable(ex));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, new GatewayProblem(504, "The gateway did not answer in time",
                $"GET {relative} timed out after {http.Timeout.TotalSeconds:0} s.", NoErrors));
        }
    }

    private static void Add(MultipartFormDataContent form, string name, GatewayUploadFile file, string type)
    {
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(part, name, file.FileName);
    }

    private static string ModelPath(string id, uint version) =>
        $"api/models/{Uri.EscapeDataString(id)}/{version.ToString(CultureInfo.InvariantCulture)}";

    private static string RolloutPath(string id) => $"api/rollouts/{Uri.EscapeDataString(id)}";

    private static string Against(uint? against) =>
        against is { } v ? "?against=" + v.ToString(CultureInfo.InvariantCulture) : "";
}

/// <summary>One file of an upload form, read whole (the gateway caps a model at 16 MiB).</summary>
public sealed record GatewayUploadFile(string FileName, byte[] Content);

/// <summary>A stored model as <c>/api/models</c> returns it; the report figures are null when not measured.</summary>
public sealed record GatewayModel(
    string ModelId,
    uint ModelVersion,
    string Scheme,
    long SizeBytes,
    uint ArenaBytes,
    uint FlashBytes,
    string Sha256,
    string KeyId,
    DateTime UploadedAt,
    long? InstructionsPerInference,
    string? InstructionsSource,
    double? Accuracy,
    string? AccuracyDataset,
    int? AccuracySamples,
    string? ReportTool);

/// <summary><c>/api/models/{id}/{version}/preview</c>.</summary>
public sealed record GatewayModelPreview(
    string ModelId,
    uint ModelVersion,
    uint? AgainstVersion,
    string Scope,
    int UnconfiguredDevices,
    string BoardProfile,
    string? RadioProfile,
    double ClockMhz,
    double Cpi,
    GatewayModelCost Candidate,
    GatewayModelCost? Current,
    IReadOnlyList<GatewayPreviewGroup> Groups);

public sealed record GatewayModelCost(
    string Label,
    long InstructionsPerInference,
    double MillisecondsPerInference,
    double MillijoulesPerInference,
    double? Accuracy,
    string? AccuracyDataset);

public sealed record GatewayPreviewGroup(
    string Name,
    int Devices,
    double InferencesPerDay,
    long CurrentInstructions,
    double CurrentLifeDays,
    string CurrentEndReason,
    double CandidateLifeDays,
    string CandidateEndReason,
    double DifferenceDays,
    double DifferencePct,
    double CurrentCnnMjPerDay,
    double CandidateCnnMjPerDay);

/// <summary>The body of <c>POST /api/rollouts</c> (docs/rollouts.md); null fields take the gateway's defaults.</summary>
public sealed record GatewayRolloutRequest(
    string ModelId,
    uint ModelVersion,
    GatewayRolloutTarget? Target,
    IReadOnlyList<GatewayRolloutWave>? Waves,
    double? MinBatteryPercent,
    int? MaxConcurrentTransfers,
    double? SuccessFraction,
    double? MaxFailureFraction,
    TimeSpan? WaveTimeout,
    int? WakesPerWave,
    TimeSpan? SoakTime = null,
    int? SoakWakes = null,
    double? DetectionShift = null);

/// <summary>Exactly one of every device, a list, an id prefix or a label (resolved when the rollout is created).</summary>
public sealed record GatewayRolloutTarget(
    bool? All = null, IReadOnlyList<string>? Devices = null, string? DeviceIdPrefix = null, string? Label = null);

public sealed record GatewayRolloutWave(double? Percent = null, IReadOnlyList<string>? Devices = null);

/// <summary>A rollout as <c>/api/rollouts</c> returns it.</summary>
/// <param name="SoakingUntil">UTC end of the current wave's soak while it soaks, else null.</param>
public sealed record GatewayRollout(
    string Id,
    string ModelId,
    uint ModelVersion,
    uint? RollbackVersion,
    string State,
    string? Reason,
    int CurrentWave,
    int WaveCount,
    IReadOnlyDictionary<string, int> Counts,
    double ProgressPercent,
    int PeakConcurrentTransfers,
    GatewayRolloutPolicy Policy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<GatewayRolloutDevice> Devices,
    TimeSpan SoakTime = default,
    int SoakWakes = 0,
    DateTime? SoakingUntil = null,
    double DetectionShift = 0)
{
    /// <summary>Whether pause, resume or abort can still apply.</summary>
    public bool IsFinished => State is "completed" or "aborted";
}

public sealed record GatewayRolloutPolicy(
    double MinBatteryPercent,
    int MaxConcurrentTransfers,
    double SuccessFraction,
    double MaxFailureFraction,
    TimeSpan WaveTimeout,
    int WakesPerWave,
    TimeSpan SoakTime = default,
    int SoakWakes = 0,
    double DetectionShift = 0);

public sealed record GatewayRolloutDevice(
    string DeviceId,
    int Wave,
    string Status,
    uint? DesiredVersion,
    uint OfferId,
    long Offset,
    long BytesServed,
    int? ResultCode,
    double? SocPercent,
    uint WakeIntervalS,
    string? Note,
    int DeviceDeferrals,
    string? FaultReason = null);
