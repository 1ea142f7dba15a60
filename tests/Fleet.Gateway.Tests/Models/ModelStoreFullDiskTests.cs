// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.Models;

/// <summary>
/// A real full disk under the models directory (a 64 KiB tmpfs; the tests run as root, as tests/run-all.sh and CI
/// do): the upload is refused with <c>storage_full</c>, no half file or temporary file and no row is left, and the
/// same upload succeeds once space is freed.
/// </summary>
public sealed class ModelStoreFullDiskTests
{
    [Fact]
    public async Task Full_models_disk_refuses_cleanly_then_accepts_once_freed()
    {
        using var dir = new TempDirectory();
        var mount = Path.Combine(dir.Path, "models");
        Directory.CreateDirectory(mount);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount);
        try
        {
            var (key, pub) = TestModels.NewKey(dir.Path);
            using var signingKey = key;
            await using var gateway = await FakeClockGateway.StartAsync(Path.Combine(dir.Path, "data"),
                $"--Models:TrustedKeys:0={pub}", $"--Models:Directory={mount}");
            var filler = Path.Combine(mount, "filler");
            await File.WriteAllBytesAsync(filler, new byte[40 * 1024]);
            var model = TestModels.Build("person-det", 5, weightBytes: 32 * 1024);

            using (var form = TestModels.Form(model, key.CreateSignatureFile(model).ToUtf8()))
            using (var refused = await gateway.Http.PostAsync("/api/models", form))
            {
                Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
                using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
                Assert.Equal("storage_full", problem.RootElement.GetProperty("reason").GetString());
            }

            Assert.Equal(["filler"], Directory.GetFiles(mount).Select(Path.GetFileName));
            Assert.Empty((await gateway.Http.GetFromJsonAsync<List<ModelDto>>("/api/models"))!);

            File.Delete(filler);
            await TestModels.UploadAsync(gateway.Http, key, model);
            Assert.Equal(model, await File.ReadAllBytesAsync(Directory.GetFiles(mount).Single()));
        }
        finally
        {
            await RunAsync("umount", mount);
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0,
            $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error} — this test mounts a tmpfs and needs root");
    }
}
