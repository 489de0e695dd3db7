namespace Archive.Engine.Lineage;

/// <summary>
/// What the database keeps of a text to find its relatives without scanning: the sorted, distinct
/// <see cref="IndexKeys"/> go into <c>fingerprint_keys(key bigint, article_id)</c> (primary key led by key).
/// Another text is a candidate relative when it shares at least <see cref="CandidateMinSharedKeys"/> keys;
/// candidates are then confirmed on the texts themselves with <see cref="TextComparer.Compare"/>.
/// </summary>
/// <param name="IndexKeys">LSH band keys of the MinHash signature (even values; found for resemblance) and
/// content-sampled shingle hashes (odd values; found for containment: an excerpt, or an original inside a copy
/// with commentary), ascending.</param>
/// <param name="MinHash">The MinHash signature, <see cref="Fingerprinter.Permutations"/> values; estimates Jaccard
/// similarity without the texts.</param>
/// <param name="ShingleCount">Distinct shingles in the text.</param>
public sealed record Fingerprint(IReadOnlyList<long> IndexKeys, IReadOnlyList<long> MinHash, int ShingleCount)
{
    /// <summary>Shared keys that make another text a candidate. Two, so that one common phrase (a boilerplate line)
    /// is not enough, while an excerpt of 20% of an article of a few hundred words shares several sampled keys.</summary>
    public const int CandidateMinSharedKeys = 2;

    /// <summary>MinHash estimate of the Jaccard similarity of two texts' shingle sets.</summary>
    public double EstimateSimilarity(Fingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (MinHash.Count == 0 || other.MinHash.Count != MinHash.Count)
        {
            return 0;
        }
        var equal = 0;
        for (var i = 0; i < MinHash.Count; i++)
        {
            equal += MinHash[i] == other.MinHash[i] ? 1 : 0;
        }
        return (double)equal / MinHash.Count;
    }

    /// <summary>How many index keys the two fingerprints share (both lists are sorted).</summary>
    public int SharedKeys(Fingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int i = 0, j = 0, shared = 0;
        while (i < IndexKeys.Count && j < other.IndexKeys.Count)
        {
            var c = IndexKeys[i].CompareTo(other.IndexKeys[j]);
            if (c == 0)
            {
                shared++;
                i++;
                j++;
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return shared;
    }
}
