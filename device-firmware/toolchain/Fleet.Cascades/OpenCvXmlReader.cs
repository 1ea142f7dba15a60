// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Xml;

namespace Fleet.Cascades;

/// <summary>
/// Reads OpenCV Haar cascades from XML, in both formats OpenCV ships: the old <c>opencv-haar-classifier</c>
/// (<c>&lt;size&gt;</c>, <c>&lt;trees&gt;</c>, <c>threshold/left_val/right_val</c>) and the new
/// <c>opencv-cascade-classifier</c> (<c>&lt;stageNum&gt;</c>, <c>internalNodes</c> = left right featureIndex
/// threshold, <c>leafValues</c>, a shared <c>&lt;features&gt;</c> table). Only stumps (one split per weak
/// classifier) and upright features are accepted: that is all either detector runs.
/// </summary>
public static class OpenCvXmlReader
{
    /// <summary>Parses a cascade file.</summary>
    /// <exception cref="CascadeFormatException">Not a supported cascade.</exception>
    public static HaarCascade ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Parses a cascade from a stream (read to the end, not disposed).</summary>
    /// <exception cref="CascadeFormatException">Not a supported cascade.</exception>
    public static HaarCascade Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var doc = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            doc.Load(reader);
        }
        catch (XmlException e)
        {
            throw new CascadeFormatException($"not well-formed XML: {e.Message}", e);
        }

        XmlElement root = doc.DocumentElement ?? throw new CascadeFormatException("empty document");
        XmlElement cascade = root.ChildNodes.OfType<XmlElement>().FirstOrDefault()
            ?? throw new CascadeFormatException("no cascade element under the root");
        return Child(cascade, "stageNum") is not null ? ReadNew(cascade) : ReadOld(cascade);
    }

    private static HaarCascade ReadOld(XmlElement cascade)
    {
        double[] size = Numbers(Required(cascade, "size"));
        if (size.Length != 2)
        {
            throw new CascadeFormatException("<size> must hold two numbers");
        }

        var stages = new List<HaarStage>();
        foreach (XmlElement stage in Items(Required(cascade, "stages")))
        {
            var features = new List<HaarFeature>();
            foreach (XmlElement tree in Items(Required(stage, "trees")))
            {
                XmlElement[] nodes = Items(tree).ToArray();
                if (nodes.Length != 1)
                {
                    throw new CascadeFormatException($"tree with {nodes.Length} nodes: only stumps are supported");
                }

                XmlElement node = nodes[0];
                if (Child(node, "left_node") is not null || Child(node, "right_node") is not null)
                {
                    throw new CascadeFormatException("tree with child nodes: only stumps are supported");
                }

                XmlElement feature = Required(node, "feature");
                features.Add(new HaarFeature(
                    Number(Required(node, "threshold")),
                    Number(Required(node, "left_val")),
                    Number(Required(node, "right_val")),
                    Rects(feature)));
            }

            stages.Add(new HaarStage(Number(Required(stage, "stage_threshold")), features));
        }

        return Validated(new HaarCascade(ToInt(size[0], "window width"), ToInt(size[1], "window height"), stages));
    }

    private static HaarCascade ReadNew(XmlElement cascade)
    {
        string featureType = Required(cascade, "featureType").InnerText.Trim();
        if (featureType != "HAAR")
        {
            throw new CascadeFormatException($"featureType {featureType}: only HAAR is supported");
        }

        int width = ToInt(Number(Required(cascade, "width")), "window width");
        int height = ToInt(Number(Required(cascade, "height")), "window height");
        IReadOnlyList<HaarRect>[] table = Items(Required(cascade, "features")).Select(Rects).ToArray();

        var stages = new List<HaarStage>();
        foreach (XmlElement stage in Items(Required(cascade, "stages")))
        {
            var features = new List<HaarFeature>();
            foreach (XmlElement weak in Items(Required(stage, "weakClassifiers")))
            {
                double[] nodes = Numbers(Required(weak, "internalNodes"));
                double[] leaves = Numbers(Required(weak, "leafValues"));
                if (nodes.Length != 4 || leaves.Length != 2)
                {
                    throw new CascadeFormatException("weak classifier is not a stump (internalNodes must hold 4 values, leafValues 2)");
                }

                int index = ToInt(nodes[2], "feature index");
                if (index < 0 || index >= table.Length)
                {
                    throw new CascadeFormatException($"feature index {index} outside the {table.Length}-entry feature table");
                }

                features.Add(new HaarFeature(nodes[3], leaves[0], leaves[1], table[index]));
            }

            stages.Add(new HaarStage(Number(Required(stage, "stageThreshold")), features));
        }

        int declared = ToInt(Number(Required(cascade, "stageNum")), "stageNum");
        if (declared != stages.Count)
        {
            throw new CascadeFormatException($"stageNum {declared} but {stages.Count} stages");
        }

        return Validated(new HaarCascade(width, height, stages));
    }

    private static IReadOnlyList<HaarRect> Rects(XmlElement feature)
    {
        XmlElement? tilted = Child(feature, "tilted");
        if (tilted is not null && Number(tilted) != 0)
        {
            throw new CascadeFormatException("tilted features are not supported");
        }

        var rects = new List<HaarRect>();
        foreach (XmlElement r in Items(Required(feature, "rects")))
        {
            double[] v = Numbers(r);
            if (v.Length != 5)
            {
                throw new CascadeFormatException($"rectangle \"{r.InnerText.Trim()}\" must hold x y w h weight");
            }

            rects.Add(new HaarRect(ToInt(v[0], "x"), ToInt(v[1], "y"), ToInt(v[2], "width"), ToInt(v[3], "height"), v[4]));
        }

        return rects;
    }

    private static HaarCascade Validated(HaarCascade c)
    {
        if (c.WindowWidth < 1 || c.WindowHeight < 1 || c.Stages.Count == 0)
        {
            throw new CascadeFormatException("empty window or no stages");
        }

        foreach (HaarFeature f in c.Stages.SelectMany(s => s.Features))
        {
            if (f.Rects.Count is < 1 or > 3)
            {
                throw new CascadeFormatException($"feature with {f.Rects.Count} rectangles (1..3 supported)");
            }

            foreach (HaarRect r in f.Rects)
            {
                if (r.X < 0 || r.Y < 0 || r.Width < 1 || r.Height < 1 || r.X + r.Width > c.WindowWidth || r.Y + r.Height > c.WindowHeight)
                {
                    throw new CascadeFormatException($"rectangle {r} is empty or leaves the {c.WindowWidth}x{c.WindowHeight} window");
                }
            }
        }

        return c;
    }

    private static IEnumerable<XmlElement> Items(XmlElement parent) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.Name == "_");

    private static XmlElement? Child(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.Name == name);

    private static XmlElement Required(XmlElement parent, string name) =>
        Child(parent, name) ?? throw new CascadeFormatException($"<{parent.Name}> has no <{name}>");

    private static double Number(XmlElement e)
    {
        double[] v = Numbers(e);
        return v.Length == 1 ? v[0] : throw new CascadeFormatException($"<{e.Name}> must hold one number");
    }

    private static double[] Numbers(XmlElement e)
    {
        string[] parts = e.InnerText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new CascadeFormatException($"<{e.Name}>: \"{parts[i]}\" is not a finite number");
            }
        }

        return values;
    }

    private static int ToInt(double v, string what) =>
        v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue
            ? (int)v
            : throw new CascadeFormatException($"{what} {v.ToString(CultureInfo.InvariantCulture)} is not an integer");
}
