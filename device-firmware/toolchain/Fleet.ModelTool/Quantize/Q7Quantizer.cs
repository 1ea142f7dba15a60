// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// The seed's power-of-two q7 scheme (spec §5), emitting a .network. Every quantity is int8 with a number of
/// fractional bits: weights and bias per layer, activations at the data layer and at every conv / fully connected
/// output (ReLU, max and average pool keep their input's format, as in the seed). Starting formats are the seed's
/// dec = 7 − ceil(log2(max|x|)) from the float calibration ranges (a conv or fc followed by a ReLU takes the range
/// after it, as Caffe's in-place ReLU did); then, like nn_quantizer.py, each quantity is searched over that format
/// and up to 3 more fractional bits (saturating), first every layer's weights, then every activation; among the
/// candidates within 1 % of the best calibration accuracy it keeps the one with the lowest squared error of the
/// logits vs float (see <see cref="Score.Pick"/>). The search
/// is bounded: at most 4 candidates per quantity, each one fake-quantized run of the layers from that point on
/// over the calibration set (the inputs to that point are cached), never a loop on a condition. bias_lshift =
/// wt_dec + in_dec − bias_dec, out_rshift = wt_dec + in_dec − out_dec; a candidate that would need a negative
/// shift is skipped rather than clamped (the seed clamped it to 0, silently scaling the output).
/// The input scale is folded into the first layer's weights, so the data layer sees p − mean in pixel units.
/// </summary>
public static class Q7Quantizer
{
    public const int Candidates = 4;

    /// <summary>Candidates this close to the best calibration accuracy (a fraction of the images) count as ties.</summary>
    public const double AccuracyTolerance = 0.01;

    public static QuantizedModel Quantize(FloatGraph graph, InputPreprocessing pre, CalibrationSet cal,
        IReadOnlyList<int> classMap, Action<string, int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(pre);
        ArgumentNullException.ThrowIfNull(cal);
        var notes = new List<string>();
        List<FloatLayer> layers = graph.Layers.ToList();
        if (layers[^1].Op == FloatOp.Softmax)
        {
            layers.RemoveAt(layers.Count - 1);
            notes.Add("the final softmax is left out of the .network (it has no softmax record; argmax is unchanged, the device's scores apply one)");
        }

        CheckExpressible(layers);

        // Fold the input scale into layer 0 so the data layer carries p − mean exactly (integers).
        int inputExp;
        float[][] inputs;
        if (layers[0].HasWeights && pre.Scale != 1f)
        {
            layers[0] = layers[0] with { Weights = layers[0].Weights!.Select(w => w * pre.Scale).ToArray() };
            inputs = cal.Inputs.Select(x => x.Select(v => MathF.Round(v / pre.Scale)).ToArray()).ToArray();
            inputExp = 0;
        }
        else
        {
            double e = Math.Log2(pre.Scale);
            if (e != Math.Round(e))
            {
                throw new ModelToolException($"--scale {pre.Scale} is not a power of two and the first layer has no weights to fold it into; q7 cannot express it");
            }

            inputExp = (int)e;
            inputs = cal.Inputs.ToArray();
        }

        var work = FloatGraph.Create(graph.Source, graph.Input, layers);
        var state = new Search(work, inputs, cal.Labels, classMap, inputExp, progress);
        state.Run();
        byte[] blob = state.Emit(pre, inputExp);
        return new QuantizedModel("q7", blob, null, state.Report(), state.Tried, notes, Math.ScaleB(1.0, -state.OutputDec), 0);
    }

    private static void CheckExpressible(List<FloatLayer> layers)
    {
        if (layers.Count < 2)
        {
            throw new ModelToolException("a .network needs at least two layers after the data layer");
        }

        foreach (FloatLayer l in layers)
        {
            string where = $"layer '{l.Name}' ({l.Op})";
            if (l.Op is FloatOp.DepthwiseConv or FloatOp.Softmax)
            {
                throw new ModelToolException($"{where}: the q7 .network has no {l.Op} record; use --scheme int8");
            }

            if (l.HasWindow && (l.KernelH != l.KernelW || l.StrideH != l.StrideW || l.PadH != l.PadW))
            {
                throw new ModelToolException($"{where}: the .network stores square kernels, strides and padding only");
            }
        }

        if (layers[^1].Op == FloatOp.Relu || layers[^1].Output.H * layers[^1].Output.W != 1)
        {
            throw new ModelToolException("a .network must end in a layer with a 1x1xN output that is not a ReLU (an inner product)");
        }
    }

    private sealed class Search
    {
        private readonly FloatGraph _g;
        private readonly FloatEngine _engine;
        private readonly float[][] _raw;
        private readonly IReadOnlyList<int>? _labels;
        private readonly IReadOnlyList<int> _classMap;
        private readonly Action<string, int, int>? _progress;
        private readonly float[][] _floatLogits;
        private readonly float[] _min, _max;
        private readonly int[] _wdec, _adec, _bdec;
        private int _dataDec;
        private float[][] _cache;
        private int _cacheAt = -1;
        private readonly int _inputExp;
        private readonly int _tolerance;
        private float _dataMin, _dataMax;

        public Search(FloatGraph g, float[][] raw, IReadOnlyList<int>? labels, IReadOnlyList<int> classMap, int inputExp,
            Action<string, int, int>? progress)
        {
            _inputExp = inputExp;
            _tolerance = (int)Math.Ceiling(raw.Length * AccuracyTolerance);
            _g = g;
            _engine = new FloatEngine(g);
            _raw = raw;
            _labels = labels;
            _classMap = classMap;
            _progress = progress;
            int n = g.Layers.Count;
            _floatLogits = new float[raw.Length][];
            _min = Enumerable.Repeat(float.MaxValue, n).ToArray();
            _max = Enumerable.Repeat(float.MinValue, n).ToArray();
            _wdec = new int[n];
            _adec = new int[n];
            _bdec = new int[n];
            _cache = raw;
        }

        public int Tried { get; private set; }

        public int OutputDec => OutDec(_g.Layers.Count - 1);

        public void Run()
        {
            Calibrate();
            int n = _g.Layers.Count;
            _dataDec = 7 - QuantMath.IntBits(Math.Max(Math.Abs(_dataMin), Math.Abs(_dataMax)));
            for (int i = 0; i < n; i++)
            {
                FloatLayer l = _g.Layers[i];
                if (!l.HasWeights)
                {
                    continue;
                }

                _wdec[i] = 7 - QuantMath.IntBits(QuantMath.MaxAbs(l.Weights));
                int r = i + 1 < n && _g.Layers[i + 1].Op == FloatOp.Relu ? i + 1 : i;
                _adec[i] = 7 - QuantMath.IntBits(Math.Max(Math.Abs(_min[r]), Math.Abs(_max[r])));
            }

            // A starting point that violates a shift rule takes the nearest valid output format.
            for (int i = 0; i < n; i++)
            {
                if (_g.Layers[i].HasWeights)
                {
                    _adec[i] = Math.Min(_adec[i], _wdec[i] + InDec(i));
                    ApplyWeights(i);
                }
            }

            int weighted = _g.Layers.Count(l => l.HasWeights);
            int step = 0, steps = (2 * weighted) + 1;

            // 1. Weights, layer by layer.
            for (int i = 0; i < n; i++)
            {
                if (!_g.Layers[i].HasWeights)
                {
                    continue;
                }

                _progress?.Invoke($"weights {_g.Layers[i].Name}", ++step, steps);
                AdvanceTo(i);
                int start = _wdec[i];
                var tried = new List<(int, Score)>();
                for (int k = 0; k < Candidates; k++)
                {
                    _wdec[i] = start + k;
                    if (!ValidShifts(i))
                    {
                        continue;
                    }

                    ApplyWeights(i);
                    tried.Add((_wdec[i], Evaluate(i)));
                }

                _wdec[i] = tried.Count > 0 ? Score.Pick(tried, _tolerance) : start;
                ApplyWeights(i);
            }

            // 2. Activations: the data layer, then each conv / fc output.
            ResetCache();
            _progress?.Invoke("activations data", ++step, steps);
            {
                int start = _dataDec, first = FirstWeighted();
                var tried = new List<(int, Score)>();
                for (int k = 0; k < Candidates; k++)
                {
                    _dataDec = start + k;
                    if (8 - _dataDec - _inputExp is < 1 or > 16 || !ValidShifts(first))
                    {
                        continue;
                    }

                    ApplyWeights(first);
                    tried.Add((_dataDec, Evaluate(-1)));
                }

                if (tried.Count == 0)
                {
                    throw new ModelToolException("no q7 format fits the input range within the .network's input shift 1..16");
                }

                _dataDec = Score.Pick(tried, _tolerance);
                ApplyWeights(first);
            }

            for (int i = 0; i < n; i++)
            {
                if (!_g.Layers[i].HasWeights)
                {
                    continue;
                }

                _progress?.Invoke($"activations {_g.Layers[i].Name}", ++step, steps);
                AdvanceTo(i);

                // Layer i's weights do not change here: compute its float output once, requantize per candidate.
                float[][] pre = new float[_cache.Length][];
                float[][] inputs = _cache;
                Parallel.For(0, inputs.Length, img => pre[img] = _engine.RunLayer(i, inputs[img]));
                int next = NextWeighted(i);
                int start = _adec[i];
                var tried = new List<(int, Score)>();
                for (int k = 0; k < Candidates; k++)
                {
                    _adec[i] = start + k;
                    if (!ValidShifts(i) || (next >= 0 && !ValidShifts(next)))
                    {
                        continue;
                    }

                    if (next >= 0)
                    {
                        ApplyWeights(next);
                    }

                    tried.Add((_adec[i], Evaluate(i, pre)));
                }

                _adec[i] = tried.Count > 0 ? Score.Pick(tried, _tolerance) : start;
                if (next >= 0)
                {
                    ApplyWeights(next);
                }
            }
        }

        public byte[] Emit(InputPreprocessing pre, int inputExp)
        {
            var w = new NetworkWriter();
            TensorShape input = _g.Input;
            int shift = 8 - _dataDec - inputExp;
            if (shift is < 1 or > 16)
            {
                throw new ModelToolException($"the input needs a shift of {shift}; the .network allows 1..16");
            }

            if (pre.Mean.Any(m => m is < 0 or > 255))
            {
                throw new ModelToolException("--mean must be 0..255 per channel for the q7 input transform");
            }

            w.Data(input.C, input.H, input.W, pre.Mean, shift);
            for (int i = 0; i < _g.Layers.Count; i++)
            {
                FloatLayer l = _g.Layers[i];
                TensorShape o = l.Output;
                int mac = _wdec[i] + InDec(i);
                switch (l.Op)
                {
                    case FloatOp.Conv:
                        w.Conv(o.C, o.H, o.W, mac - _bdec[i], mac - _adec[i], l.KernelH, l.PadH, l.StrideH,
                            Ints(l.Weights!, _wdec[i]), Ints(l.Bias!, _bdec[i]));
                        break;
                    case FloatOp.FullyConnected:
                        w.Ip(o.C, mac - _bdec[i], mac - _adec[i], Ints(l.Weights!, _wdec[i]), l.Input.Elements, Ints(l.Bias!, _bdec[i]));
                        break;
                    case FloatOp.Relu:
                        w.Relu(o.C, o.H, o.W);
                        break;
                    default:
                        w.Pool(o.C, o.H, o.W, l.Op == FloatOp.MaxPool, l.KernelH, l.PadH, l.StrideH);
                        break;
                }
            }

            return w.ToArray();
        }

        /// <summary>Per layer: float range, chosen format, and error of the fake-quantized output vs float.</summary>
        public List<LayerReport> Report()
        {
            int n = _g.Layers.Count;
            var err = new double[n];
            var refPow = new double[n];
            var gate = new object();
            var floatEngine = new FloatEngine(_g);
            Parallel.For(0, _raw.Length, () => (new double[n], new double[n]), (img, _, acc) =>
            {
                var f = new List<float[]>(n);
                floatEngine.Run(0, _raw[img], (j, y) => f.Add(y));
                float[] x = (float[])_raw[img].Clone();
                QuantMath.FloorQ7(x, _dataDec);
                _engine.Run(0, x, (j, y) =>
                {
                    Hook(j, y);
                    for (int k = 0; k < y.Length; k++)
                    {
                        double d = y[k] - f[j][k];
                        acc.Item1[j] += d * d;
                        acc.Item2[j] += (double)f[j][k] * f[j][k];
                    }
                });
                return acc;
            }, acc =>
            {
                lock (gate)
                {
                    for (int j = 0; j < n; j++)
                    {
                        err[j] += acc.Item1[j];
                        refPow[j] += acc.Item2[j];
                    }
                }
            });

            var rows = new List<LayerReport>
            {
                new(-1, "data", "Input", _g.Input.ToString(), _dataMin, _dataMax, $"Q{7 - _dataDec}.{_dataDec}", 0),
            };
            for (int j = 0; j < n; j++)
            {
                FloatLayer l = _g.Layers[j];
                string fmt = l.HasWeights
                    ? $"out Q{7 - _adec[j]}.{_adec[j]}, w Q{7 - _wdec[j]}.{_wdec[j]}, b Q{7 - _bdec[j]}.{_bdec[j]}, lshift {_wdec[j] + InDec(j) - _bdec[j]}, rshift {_wdec[j] + InDec(j) - _adec[j]}"
                    : $"out Q{7 - OutDec(j)}.{OutDec(j)}";
                rows.Add(new LayerReport(j, l.Name, l.Op.ToString(), l.Output.ToString(), _min[j], _max[j], fmt,
                    refPow[j] > 0 ? Math.Round(100 * Math.Sqrt(err[j] / refPow[j]), 3) : 0));
            }

            return rows;
        }

        private void Calibrate()
        {
            int n = _g.Layers.Count;
            var gate = new object();
            float dmin = float.MaxValue, dmax = float.MinValue;
            Parallel.For(0, _raw.Length, () => (Min: Enumerable.Repeat(float.MaxValue, n + 1).ToArray(), Max: Enumerable.Repeat(float.MinValue, n + 1).ToArray()),
                (img, _, acc) =>
                {
                    foreach (float v in _raw[img])
                    {
                        acc.Min[n] = Math.Min(acc.Min[n], v);
                        acc.Max[n] = Math.Max(acc.Max[n], v);
                    }

                    _floatLogits[img] = _engine.Run(0, _raw[img], (j, y) =>
                    {
                        foreach (float v in y)
                        {
                            acc.Min[j] = Math.Min(acc.Min[j], v);
                            acc.Max[j] = Math.Max(acc.Max[j], v);
                        }
                    });
                    return acc;
                },
                acc =>
                {
                    lock (gate)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            _min[j] = Math.Min(_min[j], acc.Min[j]);
                            _max[j] = Math.Max(_max[j], acc.Max[j]);
                        }

                        dmin = Math.Min(dmin, acc.Min[n]);
                        dmax = Math.Max(dmax, acc.Max[n]);
                    }
                });
            (_dataMin, _dataMax) = (dmin, dmax);
        }

        private int InDec(int i) => i == 0 ? _dataDec : OutDec(i - 1);

        private int OutDec(int i) => _g.Layers[i].HasWeights ? _adec[i] : InDec(i);

        private int FirstWeighted() => NextWeighted(-1);

        private int NextWeighted(int i)
        {
            for (int j = i + 1; j < _g.Layers.Count; j++)
            {
                if (_g.Layers[j].HasWeights)
                {
                    return j;
                }
            }

            return -1;
        }

        private bool ValidShifts(int i)
        {
            int mac = _wdec[i] + InDec(i);
            int r = mac - _adec[i];
            return r is >= 0 and <= 31 && mac - BiasDec(i) is >= 0 and <= 31;
        }

        private int BiasDec(int i)
        {
            int mac = _wdec[i] + InDec(i);
            float maxB = QuantMath.MaxAbs(_g.Layers[i].Bias);
            int dec = maxB > 0 ? Math.Min(7 - QuantMath.IntBits(maxB), mac) : mac;
            return Math.Max(dec, mac - 31);
        }

        private void ApplyWeights(int i)
        {
            FloatLayer l = _g.Layers[i];
            _bdec[i] = BiasDec(i);
            float[] w = l.Weights!.Select(v => (float)Math.ScaleB(QuantMath.RoundQ7(v, _wdec[i]), -_wdec[i])).ToArray();
            float[] b = l.Bias!.Select(v => (float)Math.ScaleB(QuantMath.RoundQ7(v, _bdec[i]), -_bdec[i])).ToArray();
            _engine.SetWeights(i, w, b);
        }

        private void Hook(int j, float[] y)
        {
            FloatLayer l = _g.Layers[j];
            if (l.HasWeights || l.Op == FloatOp.AvgPool)
            {
                QuantMath.FloorQ7(y, OutDec(j));
            }
        }

        private void ResetCache()
        {
            _cache = _raw;
            _cacheAt = -1;
        }

        private void AdvanceTo(int layer)
        {
            if (_cacheAt > layer)
            {
                ResetCache();
            }

            while (_cacheAt < layer)
            {
                int at = _cacheAt;
                float[][] next = new float[_cache.Length][];
                float[][] cur = _cache;
                Parallel.For(0, cur.Length, img =>
                {
                    if (at < 0)
                    {
                        float[] x = (float[])cur[img].Clone();
                        QuantMath.FloorQ7(x, _dataDec);
                        next[img] = x;
                    }
                    else
                    {
                        float[] y = _engine.RunLayer(at, cur[img]);
                        Hook(at, y);
                        next[img] = y;
                    }
                });
                _cache = next;
                _cacheAt++;
            }
        }

        // from −1: the raw input (data format applied here); from i: the cached input of layer i, or with
        // preOutput layer i's float output, which only needs its output format applied.
        private Score Evaluate(int from, float[][]? preOutput = null)
        {
            Tried++;
            if (from >= 0 && preOutput is null)
            {
                AdvanceTo(from);
            }

            int correct = 0;
            double sq = 0;
            var gate = new object();
            float[][] src = preOutput ?? (from < 0 ? _raw : _cache);
            Parallel.For(0, src.Length, () => (C: 0, S: 0.0), (img, _, acc) =>
            {
                float[] x = src[img];
                float[] y;
                if (preOutput is not null)
                {
                    x = (float[])x.Clone();
                    Hook(from, x);
                    y = _engine.Run(from + 1, x, Hook);
                }
                else
                {
                    if (from < 0)
                    {
                        x = (float[])x.Clone();
                        QuantMath.FloorQ7(x, _dataDec);
                    }

                    y = _engine.Run(Math.Max(from, 0), x, Hook);
                }

                float[] f = _floatLogits[img];
                int predicted = QuantMath.ArgMax(y);
                int truth = _labels is null ? QuantMath.ArgMax(f) : _labels[img];
                bool ok = _labels is null ? predicted == truth : _classMap[predicted] == truth;
                double s = 0;
                for (int k = 0; k < y.Length; k++)
                {
                    s += (y[k] - f[k]) * (y[k] - f[k]);
                }

                return (acc.C + (ok ? 1 : 0), acc.S + s);
            }, acc =>
            {
                lock (gate)
                {
                    correct += acc.C;
                    sq += acc.S;
                }
            });
            return new Score(correct, sq);
        }

        private static sbyte[] Ints(float[] v, int dec) => v.Select(x => QuantMath.RoundQ7(x, dec)).ToArray();
    }

    private readonly record struct Score(int Correct, double SquaredError)
    {
        /// <summary>
        /// Among candidates whose calibration accuracy is within <paramref name="tolerance"/> images of the best,
        /// the one with the lowest logit error: accuracy on a few hundred images moves by single images, the logit
        /// error tells apart formats that classify alike.
        /// </summary>
        public static int Pick(List<(int Value, Score Score)> candidates, int tolerance)
        {
            int best = candidates.Max(c => c.Score.Correct);
            return candidates.Where(c => c.Score.Correct >= best - tolerance).MinBy(c => c.Score.SquaredError).Value;
        }
    }
}
