// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Api;

/// <summary>
/// The operator key in force for this run: the configured one, or one generated at start for Development and
/// demo runs (so a developer never has to put a key in a file). Logs at start what applies. Thread-safe.
/// </summary>
public sealed partial class OperatorKey : IHostedService
{
    private readonly byte[]? _key;
    private readonly bool _generated;
    private readonly ILogger<OperatorKey> _logger;

    public OperatorKey(IOptions<ApiOptions> options, IHostEnvironment environment, IConfiguration configuration,
        ILogger<OperatorKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        _logger = logger;
        var configured = options.Value.OperatorKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _key = Encoding.UTF8.GetBytes(configured);
        }
        else if (environment.IsDevelopment() || configuration.GetValue<bool>("Demo:Enabled"))
        {
            Value = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            _key = Encoding.UTF8.GetBytes(Value);
            _generated = true;
        }
    }

    /// <summary>The generated key (for the log line); null when configured or absent.</summary>
    internal string? Value { get; }

    /// <summary>Whether any key is in force; without one every mutating request is refused.</summary>
    public bool IsConfigured => _key is not null;

    /// <summary>Constant-time check of a presented key.</summary>
    public bool Matches(string? presented) =>
        _key is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_generated)
        {
            LogGenerated(_logger, ApiOptions.KeyHeader, Value!);
        }
        else if (_key is null)
        {
            LogMissing(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning,
        Message = "Api:OperatorKey is not set; generated one for this run. Send it as {Header}: {Key}")]
    private static partial void LogGenerated(ILogger logger, string header, string key);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning,
        Message = "Api:OperatorKey is not set: device management requests (add, rotate, configure) are refused")]
    private static partial void LogMissing(ILogger logger);
}
