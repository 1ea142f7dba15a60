// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Portal;

/// <summary>
/// The users of <c>Portal:Users</c>, checked once at start (a bad entry stops the host with a message naming it).
/// With none configured in Development or a demo run it makes one operator and one viewer with random passwords and
/// logs them, as the gateway does with its operator key; anywhere else nobody can sign in until users are set.
/// </summary>
public sealed partial class PortalUserStore : IHostedService
{
    /// <summary>Names of the generated users.</summary>
    public const string GeneratedOperator = "operator";

    /// <summary>Names of the generated users.</summary>
    public const string GeneratedViewer = "viewer";

    private readonly Dictionary<string, PortalUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, string Password)> _generated = [];
    private readonly ILogger<PortalUserStore> _logger;

    public PortalUserStore(IOptions<PortalOptions> options, IHostEnvironment environment, IConfiguration configuration,
        ILogger<PortalUserStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        _logger = logger;
        var configured = options.Value.Users;
        for (var i = 0; i < configured.Count; i++)
        {
            var u = configured[i];
            var where = $"Portal:Users:{i}";
            if (string.IsNullOrWhiteSpace(u.Name))
            {
                throw new OptionsValidationException(PortalOptions.SectionName, typeof(PortalOptions),
                    [$"{where}:Name is empty."]);
            }

            if (!PortalRoles.IsKnown(u.Role))
            {
                throw new OptionsValidationException(PortalOptions.SectionName, typeof(PortalOptions),
                    [$"{where}:Role '{u.Role}' is neither viewer nor operator."]);
            }

            if (!PortalPasswordHasher.IsWellFormed(u.PasswordHash))
            {
                throw new OptionsValidationException(PortalOptions.SectionName, typeof(PortalOptions),
                    [$"{where}:PasswordHash is not a hash from --hash-password (pbkdf2-sha256$iterations$salt$hash)."]);
            }

            if (!_users.TryAdd(u.Name.Trim(), new PortalUser(u.Name.Trim(), u.Role.ToLowerInvariant(), u.PasswordHash)))
            {
                throw new OptionsValidationException(PortalOptions.SectionName, typeof(PortalOptions),
                    [$"{where}:Name '{u.Name}' appears twice."]);
            }
        }

        if (_users.Count == 0 && (environment.IsDevelopment() || configuration.GetValue<bool>("Demo:Enabled")))
        {
            Generate(GeneratedOperator, PortalRoles.Operator);
            Generate(GeneratedViewer, PortalRoles.Viewer);
        }
    }

    /// <summary>The user called <paramref name="name"/>; null if none.</summary>
    public PortalUser? Find(string name) => _users.GetValueOrDefault(name.Trim());

    /// <summary>Whether anyone can sign in at all.</summary>
    public bool HasUsers => _users.Count > 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, password) in _generated)
        {
            LogGenerated(_logger, name, _users[name].Role, password);
        }

        if (_users.Count == 0)
        {
            LogNoUsers(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Generate(string name, string role)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant();
        // Fewer iterations than a configured hash: the password is random, lives for one run and only its hash is
        // held, so brute force is not the threat; start-up time is.
        _users[name] = new PortalUser(name, role, PortalPasswordHasher.Hash(password, PortalPasswordHasher.MinIterations));
        _generated.Add((name, password));
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning,
        Message = "Portal:Users is not set; generated a portal user for this run: {Name} ({Role}), password {Password}")]
    private static partial void LogGenerated(ILogger logger, string name, string role, string password);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
        Message = "Portal:Users is not set: nobody can sign in to the portal (hash passwords with --hash-password)")]
    private static partial void LogNoUsers(ILogger logger);
}
