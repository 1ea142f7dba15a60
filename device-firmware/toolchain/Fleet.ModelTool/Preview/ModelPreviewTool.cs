// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Evaluation;
using Fleet.ModelTool.Imaging;
using Fleet.Sim.Preview;
using Fleet.Sim.Workload;

namespace Fleet.ModelTool.Preview;

/// <summary>
/// <c>fleet-model preview</c>'s work: accuracy of both models on the dataset (the C engine, as <c>eval</c>), their
/// M7 instructions per inference (QEMU, <see cref="M7InstructionCounter"/>), then time, energy and battery life per
/// fleet configuration through <see cref="ModelEnergyPreview"/>, the code the gateway shows before a rollout.
/// Cheap checks (files, models, profiles, scenarios) run before the slow steps.
/// </summary>
public static class ModelPreviewTool
{
    /// <exception cref="ModelToolException">Bad input: a file, model, profile, scenario or dataset; or QEMU / the
    /// cross-compiler missing (the message names the Debian packages).</exception>
    public static PreviewOutcome Run(PreviewRequest request, M7InstructionCounter counter, TextWriter progress, bool interactive,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(progress);
        if ((request.Images is null) != (request.Labels is null))
        {
            throw new ModelToolException("--dataset and --labels go together");
        }

        CheckModel(request.Model);
        if (request.Against is not null)
        {
            CheckModel(request.Against);
        }

        // Profiles and scenarios are checked with a stand-in cost before minutes of evaluation and QEMU.
        Simulate(() => ModelEnergyPreview.Compute(new ModelCost("check", 1, 0, 0, null, null), null, request.Profiles, request.Configurations, cancellationToken));

        (double? candAcc, int? candN) = Accuracy(request, request.Model, request.ClassLabels, progress, interactive);
        (double? curAcc, int? curN) = request.Against is null
            ? (null, null)
            : Accuracy(request, request.Against, request.AgainstClassLabels ?? request.ClassLabels, progress, interactive);

        M7Count cand = Count(counter, request.Model, progress, cancellationToken);
        M7Count? cur = request.Against is null ? null : Count(counter, request.Against, progress, cancellationToken);
        string dataset = request.DatasetName ?? (request.Images is null ? "" : Path.GetFileNameWithoutExtension(request.Images));
        ModelCost candCost = Cost(request.Model, cand, candAcc, request.Images is null ? null : dataset);
        ModelCost? curCost = cur is null ? null : Cost(request.Against!, cur, curAcc, request.Images is null ? null : dataset);

        progress.WriteLine($"preview: battery life of {request.Configurations.Count} configuration(s) with the simulator");
        ModelPreviewResult energy = Simulate(() => ModelEnergyPreview.Compute(candCost, curCost, request.Profiles, request.Configurations, cancellationToken));
        var report = new ModelReport(cand.InstructionsPerInference, ModelReport.QemuSource, candAcc, candAcc is null ? null : dataset, candN, ModelReport.ToolName);
        return new PreviewOutcome(
            new PreviewModel(request.Model, cand, candAcc, candN, energy.Candidate),
            cur is null ? null : new PreviewModel(request.Against!, cur, curAcc, curN, energy.Current!),
            energy, report);
    }

    private static ModelCost Cost(string file, M7Count c, double? accuracy, string? dataset) =>
        new(Path.GetFileName(file), c.InstructionsPerInference, c.ArenaBytes, c.FlashBytes, accuracy, accuracy is null ? null : dataset);

    private static void CheckModel(string path)
    {
        using LoadedModel m = CliCommon.LoadModel(path); // names the file and the loader's reason
    }

    private static M7Count Count(M7InstructionCounter counter, string model, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"preview: counting Cortex-M7 instructions of {Path.GetFileName(model)} (QEMU mps2-an500)");
        try
        {
            return counter.Count(model, cancellationToken);
        }
        catch (M7CounterUnavailableException ex)
        {
            throw new ModelToolException(ex.Message, ex);
        }
    }

    private static (double? Accuracy, int? N) Accuracy(PreviewRequest r, string model, IReadOnlyList<int>? classLabels, TextWriter progress,
        bool interactive)
    {
        if (r.Images is null)
        {
            return (null, null);
        }

        progress.WriteLine($"preview: accuracy of {Path.GetFileName(model)} on {Path.GetFileName(r.Images)}");
        var bar = new ProgressReporter(progress, interactive, r.Limit ?? 1000);
        EvalResult e = IdxReader.ElementTypeOf(r.Images, "images") == IdxReader.Float32
            ? Evaluator.EvaluateTensors(model, r.Images, r.Labels!, classLabels, r.Limit, bar)
            : Evaluator.Evaluate(model, r.Images, r.Labels!, (NetworkMode?)null, classLabels, r.Limit, bar);
        return (e.Accuracy, e.N);
    }

    private static T Simulate<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (ScenarioException ex)
        {
            throw new ModelToolException(ex.Message, ex);
        }
    }
}
