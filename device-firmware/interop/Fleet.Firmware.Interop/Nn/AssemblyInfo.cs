// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;

// The model tool's tests check the private mirror structs (pointer-carrying, so not public) against the C layout.
[assembly: InternalsVisibleTo("Fleet.ModelTool.Tests")]
