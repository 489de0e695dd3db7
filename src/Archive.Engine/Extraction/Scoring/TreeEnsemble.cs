using System.Globalization;
using System.Runtime.CompilerServices;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// A boosted tree ensemble as the training tool (tools/Archive.Train, ML.NET FastTree) exports it: plain arrays, so the
/// engine scores blocks without a machine-learning runtime. Each tree sends a row left when
/// <c>row[feature] &lt;= threshold</c>; a negative child <c>~i</c> is leaf i. The sum of leaf values is turned into a
/// probability by the exported Platt calibration.
/// </summary>
internal sealed class TreeEnsemble
{
    // The trees laid out flat for scoring (a block is scored by all 200 trees): each tree's nodes side by side in one
    // array of structs, a child >= 0 a node's index in it, a child ~i the leaf at i in one array of every tree's leaves.
    // Scoring chases one array instead of four per tree, and sums the trees in the same order as before.
    private readonly Node[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly double[] _weights;
    private readonly double _bias;
    private readonly double _slope;
    private readonly double _offset;

    private TreeEnsemble(string[] features, Tree[] trees, double bias, double slope, double offset, double threshold)
    {
        Features = features;
        (_nodes, _leaves, _roots, _weights) = Flatten(trees);
        _bias = bias;
        _slope = slope;
        _offset = offset;
        Threshold = threshold;
    }

    public IReadOnlyList<string> Features { get; }

    /// <summary>The probability above which a block is kept, chosen in training for the best page-level F1.</summary>
    public double Threshold { get; }

    public double Probability(ReadOnlySpan<float> row) => Calibrate(Score(row));

    /// <summary>
    /// <see cref="Probability"/> of every row, the same doubles, taken tree by tree: all of a page's rows walk one tree
    /// while its nodes are in the cache (the trees together outgrow it), and each row's sum still adds the trees in order.
    /// </summary>
    public double[] Probabilities(float[][] rows)
    {
        var scores = new double[rows.Length];
        Array.Fill(scores, _bias);
        var nodes = _nodes;
        var leaves = _leaves;
        for (var t = 0; t < _roots.Length && t < _weights.Length; t++)
        {
            var (root, weight) = (_roots[t], _weights[t]);
            for (var r = 0; r < rows.Length; r++)
            {
                scores[r] += weight * Leaf(nodes, leaves, root, rows[r]);
            }
        }
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = Calibrate(scores[r]);
        }
        return scores;
    }

    private double Calibrate(double score) => 1 / (1 + Math.Exp(_slope * score + _offset));

    /// <summary>The ensemble's raw output before calibration.</summary>
    public double Score(ReadOnlySpan<float> row)
    {
        var score = _bias;
        var nodes = _nodes;
        var leaves = _leaves;
        var weights = _weights;
        var roots = _roots;
        for (var t = 0; t < roots.Length && t < weights.Length; t++)
        {
            score += weights[t] * Leaf(nodes, leaves, roots[t], row);
        }
        return score;
    }

    /// <summary>The value of the leaf <paramref name="row"/> reaches in the tree rooted at <paramref name="root"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Leaf(Node[] nodes, double[] leaves, int root, ReadOnlySpan<float> row)
    {
        var node = root;
        while (node >= 0)
        {
            ref readonly var at = ref nodes[node];
            node = row[at.Feature] <= at.Split ? at.Left : at.Right;
        }
        return leaves[~node];
    }

    private readonly record struct Node(int Feature, float Split, int Left, int Right);

    private sealed record Tree(double Weight, int[] Feature, float[] Split, int[] Left, int[] Right, double[] Leaves);

    private static (Node[] Nodes, double[] Leaves, int[] Roots, double[] Weights) Flatten(Tree[] trees)
    {
        var nodes = new Node[trees.Sum(t => t.Feature.Length)];
        var leaves = new double[trees.Sum(t => t.Leaves.Length)];
        var roots = new int[trees.Length];
        var weights = new double[trees.Length];
        int nodeBase = 0, leafBase = 0;
        for (var t = 0; t < trees.Length; t++)
        {
            var tree = trees[t];
            int Child(int child) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);
            for (var n = 0; n < tree.Feature.Length; n++)
            {
                nodes[nodeBase + n] = new Node(tree.Feature[n], tree.Split[n], Child(tree.Left[n]), Child(tree.Right[n]));
            }
            // A tree without splits is its first leaf.
            roots[t] = tree.Feature.Length == 0 ? ~leafBase : nodeBase;
            weights[t] = tree.Weight;
            tree.Leaves.CopyTo(leaves, leafBase);
            nodeBase += tree.Feature.Length;
            leafBase += tree.Leaves.Length;
        }
        return (nodes, leaves, roots, weights);
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
