// SPDX-License-Identifier: MIT
using Fleet.Gateway.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>POST /api/models</c> (multipart: <c>model</c> = the FLMD artifact, <c>signature</c> = its <c>.sig</c> file,
/// optional <c>report</c> = the measured figures as JSON (docs/rollouts.md); operator key), <c>GET /api/models</c>, <c>GET /api/models/{id}/{version}</c>. A refusal is a ProblemDetails
/// whose <c>reason</c> extension is the <c>fleet.gateway.models.rejected</c> tag.
/// </summary>
public static class ModelsApi
{
    public const string ModelPart = "model";
    public const string SignaturePart = "signature";
    public const string ReportPart = "report";

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapPost("/", UploadAsync).WithName("UploadModel")
            .AddEndpointFilter<OperatorKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).Accepts<IFormFile>("multipart/form-data");
        group.MapGet("/", ListAsync).WithName("GetModels");
        group.MapGet("/{id}/{version}", GetAsync).WithName("GetModel");
        app.MapModelPreviewApi();
        return app;
    }

    public static async Task<IResult> UploadAsync(HttpRequest request, ModelUploadService uploads,
        IOptions<ModelsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(options);
        var max = options.Value.MaxModelBytes;
        if (!request.HasFormContentType)
        {
            return Problem(uploads.Reject(ModelRejection.MalformedUpload, StatusCodes.Status400BadRequest,
                $"Send multipart/form-data with a '{ModelPart}' file and a '{SignaturePart}' file.").Rejection!);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + 65536L },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A body cut short (a dropped upload) or over the limit ends here: nothing was looked at, nothing kept.
            return Problem(uploads.Reject(ModelRejection.MalformedUpload, StatusCodes.Status400BadRequest,
                $"The upload could not be read as a whole: {ex.Message}").Rejection!);
        }

        var model = form.Files.GetFile(ModelPart);
        var signature = form.Files.GetFile(SignaturePart);
        if (model is null || signature is null)
        {
            return Problem(uploads.Reject(ModelRejection.MalformedUpload, StatusCodes.Status400BadRequest,
                $"The form needs a '{ModelPart}' file and a '{SignaturePart}' file.").Rejection!);
        }

        if (model.Length > max)
        {
            return Problem(uploads.Reject(ModelRejection.TooLarge, StatusCodes.Status413PayloadTooLarge,
                $"The model has {model.Length} bytes; at most {max} are accepted.").Rejection!);
        }

        // The report is checked before the artifact so a bad one refuses the whole upload and nothing is kept.
        ModelReport? report = null;
        if (form.Files.GetFile(ReportPart) is { } reportFile)
        {
            if (reportFile.Length > ModelReportParser.MaxBytes)
            {
                return Problem(uploads.Reject(ModelRejection.InvalidReport, StatusCodes.Status413PayloadTooLarge,
                    $"The report has {reportFile.Length} bytes; at most {ModelReportParser.MaxBytes} are accepted.").Rejection!);
            }

            report = ModelReportParser.TryParse(await ReadAsync(reportFile, cancellationToken).ConfigureAwait(false),
                out var reportError);
            if (report is null)
            {
                return Problem(uploads.Reject(ModelRejection.InvalidReport, StatusCodes.Status422UnprocessableEntity,
                    reportError).Rejection!);
            }
        }
        else if (form.ContainsKey(ReportPart))
        {
            return Problem(uploads.Reject(ModelRejection.InvalidReport, StatusCodes.Status422UnprocessableEntity,
                $"Send the '{ReportPart}' part as a file (application/json), like '{ModelPart}' and '{SignaturePart}'.").Rejection!);
        }

        var result = await uploads.UploadAsync(await ReadAsync(model, cancellationToken).ConfigureAwait(false),
            await ReadAsync(signature, cancellationToken).ConfigureAwait(false), report, cancellationToken)
            .ConfigureAwait(false);
        if (result.Rejection is { } rejection)
        {
            return Problem(rejection);
        }

        var dto = ToDto(result.Model!);
        return result.Created
            ? TypedResults.Created($"/api/models/{dto.ModelId}/{dto.ModelVersion}", dto)
            : TypedResults.Ok(dto);
    }

    public static async Task<Ok<List<ModelDto>>> ListAsync(string? modelId, ModelRepository repository,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var rows = await repository.ListAsync(modelId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    public static async Task<Results<Ok<ModelDto>, NotFound<ProblemDetails>>> GetAsync(string id, uint version,
        ModelRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var row = await repository.GetAsync(id, version, cancellationToken).ConfigureAwait(false);
        return row is null
            ? TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Unknown model",
                Detail = $"No model '{id}' version {version} was uploaded.",
            })
            : TypedResults.Ok(ToDto(row));
    }

    public static ModelDto ToDto(ModelRecord m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.ModelId, m.ModelVersion, m.Scheme == 1 ? "q7" : "s8", m.SizeBytes, m.ArenaBytes, m.FlashBytes,
            m.Sha256, m.KeyId, m.UploadedAt.UtcDateTime, m.Report?.InstructionsPerInference, m.Report?.InstructionsSource,
            m.Report?.Accuracy, m.Report?.AccuracyDataset, m.Report?.AccuracySamples, m.Report?.Tool);
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var bytes = new byte[file.Length];
        var stream = file.OpenReadStream();
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        return bytes;
    }

    private static ProblemHttpResult Problem(ModelRejection rejection) => TypedResults.Problem(new ProblemDetails
    {
        Status = rejection.Status,
        Title = "Model refused: " + rejection.Reason,
        Detail = rejection.Detail,
        Extensions = { ["reason"] = rejection.Reason },
    });
}
