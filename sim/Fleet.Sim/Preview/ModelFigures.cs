// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Preview;

/// <summary>One model's cost per inference on the preview's board.</summary>
/// <param name="Model">The measured input.</param>
/// <param name="MillisecondsPerInference">Instructions × <c>cpu.cpi</c> / <c>cpu.clock_mhz</c>, ms.</param>
/// <param name="MillijoulesPerInference">The board's <c>detect.current_ua</c> × that time × <c>supply_mv</c>, mJ.</param>
public sealed record ModelFigures(ModelCost Model, double MillisecondsPerInference, double MillijoulesPerInference);
