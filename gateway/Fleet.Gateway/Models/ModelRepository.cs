// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Models;

/// <summary>
/// Accepted artifacts: bytes in <c>{data}/models/</c>, one row each in <c>models</c>. A file is written to a
/// temporary name, flushed to disk and renamed, then the row is inserted; a failure at any step removes the file,
/// so neither a half file nor a row without its file is ever left behind. Thread-safe.
/// </summary>
public sealed class ModelRepository(FleetDatabase database, IOptions<ModelsOptions> options)
{
    private const string Columns =
        "model_id, model_version, sha256, size_bytes, key_id, signature, scheme, arena_bytes, flash_bytes, file_name, uploaded_at_ms, " +
        "instructions_per_inference, instructions_source, accuracy, accuracy_dataset, accuracy_samples, report_tool";

    /// <summary>Absolute path of the models directory.</summary>
    public string Directory { get; } = Path.GetFullPath(options.Value.Directory, database.DataDirectory);

    public async Task<ModelRecord?> GetAsync(string modelId, uint version, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("WHERE model_id = @id AND model_version = @v", modelId, version, cancellationToken)
            .ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>Every model, by id then version; <paramref name="modelId"/> narrows it to one id.</summary>
    public Task<List<ModelRecord>> ListAsync(string? modelId, CancellationToken cancellationToken) =>
        QueryAsync(modelId is null ? "" : "WHERE model_id = @id", modelId, null, cancellationToken);

    /// <summary>The artifact's bytes.</summary>
    public Task<byte[]> ReadAsync(ModelRecord model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return File.ReadAllBytesAsync(Path.Combine(Directory, model.FileName), cancellationToken);
    }

    /// <summary>
    /// Writes the artifact and its row. Returns false (and keeps nothing) if a row for the same id and version
    /// appeared meanwhile.
    /// </summary>
    /// <exception cref="ModelStorageFullException">The file could not be written; nothing was kept.</exception>
    public async Task<bool> AddAsync(ModelRecord model, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var final = Path.Combine(Directory, model.FileName);
        await WriteAtomicallyAsync(final, bytes, cancellationToken).ConfigureAwait(false);
        try
        {
            await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = connection.CreateCommand().WithText($"""
                INSERT INTO models ({Columns})
                VALUES (@id, @v, @sha, @size, @key, @sig, @scheme, @arena, @flash, @file, @now,
                        @ins, @insSource, @acc, @accDataset, @accSamples, @tool)
                ON CONFLICT DO NOTHING;
                """)
                .With("@id", model.ModelId)
                .With("@v", (long)model.ModelVersion)
                .With("@sha", model.Sha256)
                .With("@size", model.SizeBytes)
                .With("@key", model.KeyId)
                .With("@sig", model.Signature)
                .With("@scheme", (long)model.Scheme)
                .With("@arena", (long)model.ArenaBytes)
                .With("@flash", (long)model.FlashBytes)
                .With("@file", model.FileName)
                .With("@now", model.UploadedAt.ToUnixTimeMilliseconds())
                .With("@ins", model.Report?.InstructionsPerInference, DbType.Int64)
                .With("@insSource", model.Report?.InstructionsSource, DbType.String)
                .With("@acc", model.Report?.Accuracy, DbType.Double)
                .With("@accDataset", model.Report?.AccuracyDataset, DbType.String)
                .With("@accSamples", model.Report?.AccuracySamples is { } n ? (long)n : null, DbType.Int64)
                .With("@tool", model.Report?.Tool, DbType.String);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }
        catch
        {
            TryDelete(final);
            throw;
        }

        // Lost a race with an upload of the same id and version: its file has another name (the hash is in it)
        // unless the bytes are the same, in which case the file is the winner's and must stay.
        var winner = await GetAsync(model.ModelId, model.ModelVersion, cancellationToken).ConfigureAwait(false);
        if (winner?.FileName != model.FileName)
        {
            TryDelete(final);
        }

        return false;
    }

    private async Task WriteAtomicallyAsync(string final, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var temp = final + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096,
                FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
                // On disk before the rename makes it visible: a crash leaves the old state or the whole file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, final, overwrite: true);
        }
        catch (IOException ex)
        {
            TryDelete(temp);
            throw new ModelStorageFullException(
                $"The model could not be written to {Directory} ({ex.Message}); nothing was kept.", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do: a leftover .tmp is never read and the next upload uses a fresh name.
        }
    }

    private async Task<List<ModelRecord>> QueryAsync(string where, string? modelId, uint? version,
        CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText($"SELECT {Columns} FROM models {where} ORDER BY model_id, model_version;");
        if (modelId is not null)
        {
            command.With("@id", modelId);
        }

        if (version is { } v)
        {
            command.With("@v", (long)v);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<ModelRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new ModelRecord(reader.GetString(0), (uint)reader.GetLong(1), reader.GetString(2),
                reader.GetLong(3), reader.GetString(4), reader.GetString(5), (byte)reader.GetLong(6),
                (uint)reader.GetLong(7), (uint)reader.GetLong(8), reader.GetString(9),
                DbCommandExtensions.FromUnixMs(reader.GetLong(10)), ReadReport(reader)));
        }

        return rows;
    }

    // Columns 11..16, all null for a model uploaded without a report (and for every model stored before step 6).
    private static ModelReport? ReadReport(DbDataReader reader) => reader.IsDBNull(11)
        ? null
        : new ModelReport(reader.GetLong(11), reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetReal(13),
            reader.GetStringOrNull(14), reader.IsDBNull(15) ? null : (int)reader.GetLong(15),
            reader.GetString(16));
}
