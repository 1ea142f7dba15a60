// SPDX-License-Identifier: MIT
using Fleet.Gateway;

if (GatewayCommandLine.IsHelpRequested(args))
{
    GatewayCommandLine.WriteHelp(Console.Out);
    return 0;
}

if (Fleet.Portal.HashPasswordCommand.IsRequested(args))
{
    return Fleet.Portal.HashPasswordCommand.Run(args, Console.In, Console.Out, Console.Error);
}

await GatewayHost.Create(args).RunAsync();
return 0;
