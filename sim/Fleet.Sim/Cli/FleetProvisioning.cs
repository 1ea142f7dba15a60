// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Sim.VirtualSensors;

namespace Fleet.Sim.Cli;

/// <summary>
/// Where a fleet run's identities come from: the gateway API (<c>POST /api/devices</c> with the operator key,
/// rotating the credentials of a device that already exists) or a credentials file (<c>id,secret[,detector]</c>
/// per line, as <see cref="Save"/> writes).
/// </summary>
internal static class FleetProvisioning
{
    /// <summary>Device i's detector: every fifth a thermal sensor when <paramref name="thermalShare"/> asks for it, else a face camera.</summary>
    public static DetectorKind DetectorFor(int index, double thermalShare) =>
        thermalShare > 0 && (index % Math.Max(1, (int)Math.Round(1.0 / thermalShare))) == 0 ? DetectorKind.ThermalPerson : DetectorKind.Face;

    public static async Task<IReadOnlyList<VirtualSensorIdentity>> ViaApiAsync(Uri api, string operatorKey, string prefix,
        int count, double thermalShare, int parallel, TextWriter progress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        var identities = new VirtualSensorIdentity[count];
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions
        {
            MaxDegreeOfParallelism = parallel,
            CancellationToken = cancellationToken,
        }, async (i, token) =>
        {
            string id = $"{prefix}-{i.ToString("D5", CultureInfo.InvariantCulture)}";
            string secret = await CreateOrRotateAsync(http, operatorKey, id, token).ConfigureAwait(false);
            identities[i] = new VirtualSensorIdentity(id, secret, DetectorFor(i, thermalShare));
            int n = Interlocked.Increment(ref done);
            if (n % 500 == 0)
            {
                await progress.WriteLineAsync($"provisioned {n}/{count}").ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return identities;
    }

    /// <summary>Reads <c>id,secret[,detector]</c> lines; blank lines and <c>#</c> comments are skipped.</summary>
    public static IReadOnlyList<VirtualSensorIdentity> FromFile(string path)
    {
        var result = new List<VirtualSensorIdentity>();
        int line = 0;
        foreach (string raw in File.ReadLines(path))
        {
            line++;
            string text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            string[] f = text.Split(',');
            if (f.Length is < 2 or > 3 || f[0].Length == 0 || f[1].Length == 0)
            {
                throw new FormatException($"{path}:{line}: expected id,secret[,detector]");
            }

            DetectorKind detector = f.Length == 3
                ? Enum.TryParse(f[2], ignoreCase: true, out DetectorKind d) && Enum.IsDefined(d) ? d
                    : throw new FormatException($"{path}:{line}: unknown detector '{f[2]}'")
                : DetectorKind.Face;
            result.Add(new VirtualSensorIdentity(f[0], f[1], detector));
        }

        return result.Count > 0 ? result : throw new FormatException($"{path}: no credentials");
    }

    public static void Save(string path, IReadOnlyList<VirtualSensorIdentity> identities) =>
        File.WriteAllLines(path, identities.Select(i => $"{i.DeviceId},{i.Secret},{i.Detector}"));

    private static async Task<string> CreateOrRotateAsync(HttpClient http, string key, string id, CancellationToken token)
    {
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/devices") { Content = JsonContent.Create(new { id }) })
        {
            create.Headers.Add("X-Fleet-Key", key);
            using HttpResponseMessage response = await http.SendAsync(create, token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                return await SecretAsync(response, id, token).ConfigureAwait(false);
            }
        }

        // Exists from an earlier run: a new secret (the old one is not kept anywhere readable).
        using var rotate = new HttpRequestMessage(HttpMethod.Post, $"/api/devices/{Uri.EscapeDataString(id)}/credentials");
        rotate.Headers.Add("X-Fleet-Key", key);
        using HttpResponseMessage rotated = await http.SendAsync(rotate, token).ConfigureAwait(false);
        return await SecretAsync(rotated, id, token).ConfigureAwait(false);
    }

    private static async Task<string> SecretAsync(HttpResponseMessage response, string id, CancellationToken token)
    {
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            throw new InvalidOperationException($"provisioning {id}: HTTP {(int)response.StatusCode} {body}");
        }

        Credentials? created = await response.Content.ReadFromJsonAsync<Credentials>(token).ConfigureAwait(false);
        return created?.Secret is { Length: > 0 } secret ? secret : throw new InvalidOperationException($"provisioning {id}: no secret returned");
    }

    private sealed record Credentials(string Id, string Secret);
}
