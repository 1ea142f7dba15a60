// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Cli;

return ModelToolCli.Invoke(args, Console.Out, Console.Error);
