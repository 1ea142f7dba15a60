// SPDX-License-Identifier: MIT
using Fleet.Gateway;

if (GatewayCommandLine.IsHelpRequested(args))
{
    GatewayCommandLine.WriteHelp(Console.Out);
    return 0;
}

await GatewayHost.Create(args).RunAsync();
return 0;
