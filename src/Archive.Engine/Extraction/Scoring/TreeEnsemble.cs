using System.Globalization;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// A boosted tree ensemble as the training tool (tools/Archive.Train, ML.NET FastTree) exports it: plain arrays, so the
/// engine scores blocks without a machine-learning runtime. Each tree sends a row left when
/// <c>row[feature] &lt;= threshold</c>; a negative child <c>~i</c> is leaf i. The sum of leaf values is turned into a
/// probability by the exported Platt calibration.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly Tree[] _trees;
    private readonly double _bias;
    private readonly double _slope;
    private readonly double _offset;

    private TreeEnsemble(string[] features, Tree[] trees, double bias, double slope, double offset, double threshold)
    {
        Features = features;
        _trees = trees;
        _bias = bias;
        _slope = slope;
        _offset = offset;
        Threshold = threshold;
    }

    public IReadOnlyList<string> Features { get; }

    /// <summary>The probability above which a block is kept, chosen in training for the best page-level F1.</summary>
    public double Threshold { get; }

    public double Probability(ReadOnlySpan<float> row) => 1 / (1 + Math.Exp(_slope * Score(row) + _offset));

    /// <summary>The ensemble's raw output before calibration.</summary>
    public double Score(ReadOnlySpan<float> row)
    {
        var score = _bias;
        foreach (var tree in _trees)
        {
            score += tree.Weight * tree.Evaluate(row);
        }
        return score;
    }

    private sealed record Tree(double Weight, int[] Feature, float[] Split, int[] Left, int[] Right, double[] Leaves)
    {
        public double Evaluate(ReadOnlySpan<float> row)
        {
            if (Feature.Length == 0)
            {
                return Leaves[0];
            }
            var node = 0;
            while (node >= 0)
            {
                node = row[Feature[node]] <= Split[node] ? Left[node] : Right[node];
            }
            return Leaves[~node];
        }
    }

    /// <summary>Reads the text format written by <see cref="Write"/>.</summary>
    public static TreeEnsemble Read(TextReader reader)
    {
        string Next() => reader.ReadLine() ?? throw new FormatException("model file ends early");
        static string Value(string line, string key) =>
            line.StartsWith(key + " ", StringComparison.Ordinal) ? line[(key.Length + 1)..] : throw new FormatException($"expected '{key}'");
        if (Next() != "archive-block-model 1")
        {
            throw new FormatException("not an archive block model");
        }
        var features = Value(Next(), "features").Split(' ');
        var bias = Parse(Value(Next(), "bias"));
        var calibration = Value(Next(), "calibration").Split(' ');
        var threshold = Parse(Value(Next(), "threshold"));
        var count = int.Parse(Value(Next(), "trees"), CultureInfo.InvariantCulture);
        var trees = new Tree[count];
        for (var i = 0; i < count; i++)
        {
            var weight = Parse(Value(Next(), "tree"));
            var feature = Ints(Next());
            var split = Next().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => (float)Parse(v)).ToArray();
            var left = Ints(Next());
            var right = Ints(Next());
            var leaves = Next().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
            trees[i] = new Tree(weight, feature, split, left, right, leaves);
        }
        return new TreeEnsemble(features, trees, bias, Parse(calibration[0]), Parse(calibration[1]), threshold);
    }

    public static void Write(TextWriter writer, IReadOnlyList<string> features, double bias, double slope, double offset,
        double threshold, IEnumerable<(double Weight, int[] Feature, float[] Split, int[] Left, int[] Right, double[] Leaves)> trees)
    {
        var list = trees.ToList();
        writer.WriteLine("archive-block-model 1");
        writer.WriteLine("features " + string.Join(' ', features));
        writer.WriteLine("bias " + Format(bias));
        writer.WriteLine($"calibration {Format(slope)} {Format(offset)}");
        writer.WriteLine("threshold " + Format(threshold));
        writer.WriteLine("trees " + list.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var tree in list)
        {
            writer.WriteLine("tree " + Format(tree.Weight));
            writer.WriteLine(string.Join(' ', tree.Feature));
            writer.WriteLine(string.Join(' ', tree.Split.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            writer.WriteLine(string.Join(' ', tree.Left));
            writer.WriteLine(string.Join(' ', tree.Right));
            writer.WriteLine(string.Join(' ', tree.Leaves.Select(Format)));
        }
    }

    private static int[] Ints(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static double Parse(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
