// SPDX-License-Identifier: MIT
using Fleet.Sim.Cli;

return SimCli.Invoke(args, Console.Out, Console.Error);
