using Archive.Engine.Extraction.Scoring;

namespace Archive.Engine.Tests.Extraction;

public sealed class TreeEnsembleTests
{
    [Fact]
    public void A_pages_rows_scored_tree_by_tree_get_each_rows_own_probability_to_the_bit()
    {
        var model = BlockModel.Default!;
        var random = new Random(34);
        // Values of the shapes features take (flags, shares, logs of counts), ties at round numbers, and NaN.
        float Value() => random.Next(6) switch
        {
            0 => random.Next(2),
            1 => (float)random.NextDouble(),
            2 => (float)(random.NextDouble() * 12),
            3 => random.Next(-1, 10),
            4 => MathF.Log(1 + random.Next(5000)),
            _ => random.Next(50) == 0 ? float.NaN : -1,
        };
        foreach (var count in (int[])[0, 1, 2, 3, 5, 17, 400])
        {
            var rows = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, model.Features.Count).Select(_ => Value()).ToArray()).ToArray();

            var together = model.Probabilities(rows);

            Assert.Equal(rows.Select(row => BitConverter.DoubleToInt64Bits(model.Probability(row))),
                together.Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
