namespace Archive.Engine.Extraction.Scoring;

/// <summary>The shipped block model (Scoring/block-model.txt, trained by tools/Archive.Train), loaded once.</summary>
internal static class BlockModel
{
    private const string ResourceName = "Archive.Engine.block-model.txt";

    private static readonly Lazy<TreeEnsemble?> Shipped = new(Load);

    public static TreeEnsemble? Default => Shipped.Value;

    private static TreeEnsemble? Load()
    {
        using var stream = typeof(BlockModel).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        var model = TreeEnsemble.Read(reader);
        if (!model.Features.SequenceEqual(BlockFeatures.Names))
        {
            throw new InvalidOperationException("The block model was trained on other features: retrain it with tools/Archive.Train.");
        }
        return model;
    }
}
