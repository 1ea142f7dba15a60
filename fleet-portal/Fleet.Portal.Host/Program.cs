// SPDX-License-Identifier: MIT
using Fleet.Portal;
using Fleet.Portal.Host;

if (PortalHostCommandLine.IsHelpRequested(args))
{
    PortalHostCommandLine.WriteHelp(Console.Out);
    return 0;
}

if (HashPasswordCommand.IsRequested(args))
{
    return HashPasswordCommand.Run(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = PortalHostCommandLine.Normalize(args),
    ContentRootPath = AppContext.BaseDirectory,
});
if (string.IsNullOrWhiteSpace(builder.Configuration[$"{PortalOptions.SectionName}:GatewayUrl"]))
{
    Console.Error.WriteLine("fleet-portal: give the gateway's URL with --gateway URL (or Portal:GatewayUrl). See --help.");
    return 2;
}

if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls(PortalHostCommandLine.DefaultUrl);
}

builder.Services.AddProblemDetails();
builder.Services.AddFleetPortal(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapFleetPortal();
await app.RunAsync();
return 0;
