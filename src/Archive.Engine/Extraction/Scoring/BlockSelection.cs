namespace Archive.Engine.Extraction.Scoring;

/// <summary>What the archive's rules say about a block, whatever its score.</summary>
[Flags]
internal enum BlockRole : byte
{
    None = 0,

    /// <summary>The headline: metadata (the title), never part of the hashed text.</summary>
    Headline = 1,

    /// <summary>Never text of a story: an image box's caption or credit, a link list or teaser card, a credit/promo/byline line.</summary>
    StoryFurniture = 2,

    /// <summary>An attribution line the classic reading set apart as lineage evidence.</summary>
    Attribution = 4,

    /// <summary>Kept by the classic reading.</summary>
    InClassic = 8,
}

/// <summary>
/// Turns block probabilities into the kept blocks. One decision shared by the engine and the training tool, so the
/// cross-validated figures are the figures of what the engine does.
/// </summary>
internal static class BlockSelection
{
    // A page the classic reading reads as one story (it holds at least this share of what the scorer keeps): there
    // the archive's rules for stories apply on top of the scorer.
    private const double StoryShare = 0.5;

    /// <returns>Which blocks to keep, and the scorer's confidence: the text-weighted mean of max(p, 1 − p).</returns>
    public static (bool[] Kept, double Confidence) Select(IReadOnlyList<int> lengths, IReadOnlyList<BlockRole> roles,
        IReadOnlyList<double> probabilities, double threshold)
    {
        double scored = 0, shared = 0, weighted = 0, chars = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = probabilities[i];
            weighted += (p >= threshold ? p : 1 - p) * lengths[i];
            chars += lengths[i];
            if (p >= threshold)
            {
                scored += lengths[i];
                shared += (roles[i] & BlockRole.InClassic) != 0 ? lengths[i] : 0;
            }
        }
        var story = scored > 0 && shared / scored >= StoryShare;
        var never = BlockRole.Headline | BlockRole.Attribution | (story ? BlockRole.StoryFurniture : BlockRole.None);
        var kept = new bool[probabilities.Count];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = probabilities[i] >= threshold && (roles[i] & never) == 0;
        }
        return (kept, chars == 0 ? 0 : weighted / chars);
    }
}
