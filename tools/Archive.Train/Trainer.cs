using Archive.Engine.Extraction.Scoring;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Archive.Train;

/// <summary>Gradient-boosted trees (ML.NET FastTree) over block features, exported as a <see cref="TreeEnsemble"/>.</summary>
internal sealed class Trainer
{
    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }

    private readonly MLContext _ml = new(seed: 7);

    public ExportedModel Train(IEnumerable<TrainingPage> pages, double threshold)
    {
        var count = BlockFeatures.Names.Count;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, count);
        var rows = new List<Row>();
        foreach (var page in pages)
        {
            // Each page weighs the same in the metric, so a page's blocks share one unit of weight, split by words.
            var words = page.Texts.Select(t => (float)Math.Sqrt(Math.Max(1, Scoring.Tokens(t).Count))).ToArray();
            var total = Math.Max(1, words.Sum());
            for (var i = 0; i < page.Texts.Length; i++)
            {
                rows.Add(new Row { Features = page.Features[i], Label = page.Labels[i], Weight = 100 * words[i] / total });
            }
        }
        var data = _ml.Data.LoadFromEnumerable(rows, schema);
        var options = new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = Setting("TREES", 300),
            NumberOfLeaves = Setting("LEAVES", 32),
            MinimumExampleCountPerLeaf = Setting("MIN_LEAF", 20),
            LearningRate = Setting("LEARNING_RATE", 0.1),
            FeatureFraction = Setting("FEATURE_FRACTION", 1.0),
            FeatureFractionPerSplit = Setting("SPLIT_FRACTION", 1.0),
            FeatureColumnName = nameof(Row.Features),
            LabelColumnName = nameof(Row.Label),
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfThreads = 2,
        };
        var model = _ml.BinaryClassification.Trainers.FastTree(options).Fit(data);
        var calibrated = (CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>)model.Model;
        var ensemble = calibrated.SubModel.TrainedTreeEnsemble;
        var trees = ensemble.Trees.Select((tree, i) => (
            Weight: ensemble.TreeWeights[i],
            Feature: tree.NumericalSplitFeatureIndexes.ToArray(),
            Split: tree.NumericalSplitThresholds.ToArray(),
            Left: tree.LeftChild.ToArray(),
            Right: tree.RightChild.ToArray(),
            Leaves: tree.LeafValues.ToArray())).ToList();
        var exported = new ExportedModel(BlockFeatures.Names, ensemble.Bias, calibrated.Calibrator.Slope, calibrated.Calibrator.Offset,
            threshold, trees);
        Check(exported, model, data, rows, calibrated.Calibrator);
        return exported;
    }

    private static int Setting(string name, int fallback) =>
        int.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.CultureInfo.InvariantCulture);

    private static double Setting(string name, double fallback) =>
        Environment.GetEnvironmentVariable(name) is { } value ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    // The exported arrays must score exactly as ML.NET does, or the engine would ship a different model than measured.
    private void Check(ExportedModel exported, ITransformer model, IDataView data, List<Row> rows, PlattCalibrator calibrator)
    {
        var ensemble = exported.ToEnsemble();
        var scored = model.Transform(_ml.Data.TakeRows(data, 2000));
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        var scores = scored.GetColumn<float>("Score").ToArray();
        // Read rows from the list: GetColumn reuses one buffer for every vector it yields.
        var features = rows.Take(probabilities.Length).Select(r => new VBuffer<float>(r.Features.Length, r.Features)).ToArray();
        var (worstScore, worst) = (0.0, 0.0);
        for (var i = 0; i < probabilities.Length; i++)
        {
            var row = features[i].DenseValues().ToArray();
            worstScore = Math.Max(worstScore, Math.Abs(ensemble.Score(row) - scores[i]));
            worst = Math.Max(worst, Math.Abs(ensemble.Probability(row) - probabilities[i]));
        }
        if (Environment.GetEnvironmentVariable("DEBUG_TREES") == "1")
        {
            var t = exported.Trees[0];
            Console.WriteLine($"bias {exported.Bias} weight {t.Weight} feat [{string.Join(',', t.Feature)}] split [{string.Join(',', t.Split)}] left [{string.Join(',', t.Left)}] right [{string.Join(',', t.Right)}] leaves [{string.Join(',', t.Leaves)}]");
            for (var i = 0; i < 5; i++)
            {
                var row = features[i].DenseValues().ToArray();
                Console.WriteLine($"row {i}: ml {scores[i]} mine {ensemble.Score(row)} values [{string.Join(',', t.Feature.Select(f => row[f]))}] count {row.Length}");
            }
        }
        if (worst > 1e-3 || worstScore > 1e-3)
        {
            throw new InvalidOperationException($"exported model differs from ML.NET: score by {worstScore}, probability by {worst}; "
                + $"slope {calibrator.Slope} offset {calibrator.Offset}, p(0)={calibrator.PredictProbability(0)} p(1)={calibrator.PredictProbability(1)} "
                + $"first score {scores[0]} mine {ensemble.Score(features[0].DenseValues().ToArray())} prob {probabilities[0]}");
        }
    }
}

internal sealed record ExportedModel(IReadOnlyList<string> Features, double Bias, double Slope, double Offset, double Threshold,
    List<(double Weight, int[] Feature, float[] Split, int[] Left, int[] Right, double[] Leaves)> Trees)
{
    public void Write(TextWriter writer) => TreeEnsemble.Write(writer, Features, Bias, Slope, Offset, Threshold, Trees);

    public TreeEnsemble ToEnsemble()
    {
        using var text = new StringWriter();
        Write(text);
        return TreeEnsemble.Read(new StringReader(text.ToString()));
    }
}
