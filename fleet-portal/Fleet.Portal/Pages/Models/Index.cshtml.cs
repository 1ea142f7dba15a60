// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages.Models;

/// <summary><c>/models</c>: every stored model version with its measured figures, and the signed upload form.</summary>
public sealed class ModelsIndexModel(GatewayApiClient gateway) : PageModel
{
    /// <summary>The gateway refuses a model over 16 MiB; the form stops at the same size before reading more.</summary>
    public const long MaxModelBytes = 16L * 1024 * 1024;

    private const long MaxSideFileBytes = 64 * 1024;

    public IReadOnlyList<GatewayModel> Models { get; private set; } = [];

    /// <summary>Why the list could not be read.</summary>
    public GatewayProblem? ListProblem { get; private set; }

    /// <summary>Why the upload was refused (the gateway's words).</summary>
    public GatewayProblem? UploadProblem { get; private set; }

    /// <summary>Field errors found before sending (missing or oversized files).</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    [BindProperty]
    public IFormFile? ModelFile { get; set; }

    [BindProperty]
    public IFormFile? SignatureFile { get; set; }

    [BindProperty]
    public IFormFile? ReportFile { get; set; }

    public bool IsOperator => User.IsInRole(PortalRoles.Operator);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var model = await ReadAsync(ModelFile, nameof(ModelFile), "the model (.flmd)", MaxModelBytes, required: true, cancellationToken);
        var signature = await ReadAsync(SignatureFile, nameof(SignatureFile), "the signature (.sig)", MaxSideFileBytes, required: true, cancellationToken);
        var report = await ReadAsync(ReportFile, nameof(ReportFile), "the report (.json)", MaxSideFileBytes, required: false, cancellationToken);
        if (FieldErrors.Count == 0)
        {
            var result = await gateway.UploadModelAsync(model!, signature!, report, cancellationToken);
            if (result.Value is { } stored)
            {
                return Redirect(DetailsPath(stored.ModelId, stored.ModelVersion) + "?uploaded=true");
            }

            UploadProblem = result.Problem;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public static string DetailsPath(string id, uint version) =>
        $"/models/{Uri.EscapeDataString(id)}/{version.ToString(CultureInfo.InvariantCulture)}";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var list = await gateway.GetModelsAsync(cancellationToken);
        Models = list.Value?.OrderBy(m => m.ModelId, StringComparer.Ordinal).ThenByDescending(m => m.ModelVersion).ToList() ?? [];
        ListProblem = list.Problem;
    }

    private async Task<GatewayUploadFile?> ReadAsync(IFormFile? file, string field, string what, long max, bool required,
        CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            if (required)
            {
                FieldErrors[field] = $"Choose {what}.";
            }

            return null;
        }

        if (file.Length > max)
        {
            FieldErrors[field] = $"{Path.GetFileName(file.FileName)} has {file.Length:N0} bytes; at most {max:N0} are accepted.";
            return null;
        }

        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return new GatewayUploadFile(Path.GetFileName(file.FileName), bytes);
    }
}
