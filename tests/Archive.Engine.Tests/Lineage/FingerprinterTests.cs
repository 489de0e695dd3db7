using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

public sealed class FingerprinterTests
{
    private const long PinnedShingle = 721214887009115421;
    private const long PinnedFirstKey = -9198511123906472468;
    private static readonly string Original = Stories.Article(seed: 1);

    [Fact]
    public void The_same_text_gives_the_same_keys_in_ascending_order()
    {
        var first = Fingerprinter.Compute(Original);
        var second = Fingerprinter.Compute(new string(Original.ToCharArray()));

        Assert.Equal(first.IndexKeys, second.IndexKeys);
        Assert.Equal(first.MinHash, second.MinHash);
        Assert.Equal(first.IndexKeys.Order(), first.IndexKeys);
        Assert.Equal(first.IndexKeys.Distinct().Count(), first.IndexKeys.Count);
    }

    [Fact]
    public void Keys_are_pinned_so_stored_fingerprints_stay_valid()
    {
        // A change here means every stored fingerprint key must be recomputed: the hash is our own, not the runtime's.
        var fingerprint = Fingerprinter.Compute("The council approved the harbour budget on Tuesday after a long debate.");

        Assert.Equal(PinnedShingle, Shingles.HashSet("The Council, approved; the harbour!").Single());
        Assert.Equal(PinnedFirstKey, fingerprint.IndexKeys[0]);
        Assert.Equal(Fingerprinter.Bands, fingerprint.IndexKeys.Count(k => (k & 1) == 0));
    }

    [Fact]
    public void The_signature_is_pinned()
    {
        // Computed apart from the engine (SplitMix64's finaliser in Python, docs/performance.md svc29): stored MinHash values
        // must stay these numbers whichever form computes them.
        long[] shingles = [PinnedShingle, -1, 42];
        var minHash = new long[Fingerprinter.Permutations];

        Fingerprinter.MinHash(shingles, minHash);

        Assert.Equal([5923572892191362774, 467896504723744804, 634602550216209292], new[] { minHash[0], minHash[5], minHash[127] });
        Assert.Equal(minHash, Fingerprinter.Compute(shingles.ToHashSet()).MinHash);
    }

    [Fact]
    public void The_vectorised_signature_is_the_scalar_one_over_random_shingles()
    {
        // The vector form runs on any machine (without AVX-512DQ its multiplication is emulated), so this compares the
        // two forms everywhere, not only where MinHash picks the vector one.
        var random = new Random(29);
        long[] edges = [long.MinValue, long.MaxValue, 0, -1, 1, PinnedShingle];
        for (var round = 0; round < 400; round++)
        {
            var shingles = new long[random.Next(1, round < 200 ? 40 : 4000)];
            for (var i = 0; i < shingles.Length; i++)
            {
                shingles[i] = random.Next(10) == 0 ? edges[random.Next(edges.Length)] : random.NextInt64(long.MinValue, long.MaxValue);
            }
            var scalar = new long[Fingerprinter.Permutations];
            var vector = new long[Fingerprinter.Permutations];
            var chosen = new long[Fingerprinter.Permutations];

            Fingerprinter.MinHashScalar(shingles, scalar);
            Fingerprinter.MinHashVector(shingles, vector);
            Fingerprinter.MinHash(shingles, chosen);

            Assert.Equal(scalar, vector);
            Assert.Equal(scalar, chosen);
        }
    }

    [Fact]
    public void Any_collection_of_shingles_gives_the_fingerprint_of_its_set()
    {
        var set = Shingles.HashSet(Original);

        var fromSet = Fingerprinter.Compute(set);
        var fromList = Fingerprinter.Compute(set.Reverse().ToList());

        Assert.Equal(fromSet.IndexKeys, fromList.IndexKeys);
        Assert.Equal(fromSet.MinHash, fromList.MinHash);
        Assert.Equal(set.Count, fromList.ShingleCount);
    }

    [Fact]
    public void Case_punctuation_and_accents_do_not_change_the_keys()
    {
        var plain = Fingerprinter.Compute("Dialogo Americas reported that the council approved the harbour budget on Tuesday.");
        var styled = Fingerprinter.Compute("DIÁLOGO AMÉRICAS reported that the council approved the harbour budget, on Tuesday!");

        Assert.Equal(plain.IndexKeys, styled.IndexKeys);
    }

    [Fact]
    public void An_excerpt_of_a_fifth_of_the_article_is_a_candidate()
    {
        var excerpt = string.Join('\n', Stories.Paragraphs(Original).Take(2));

        var shared = Fingerprinter.Compute(Original).SharedKeys(Fingerprinter.Compute(excerpt));

        Assert.True(shared >= Fingerprint.CandidateMinSharedKeys, $"shared {shared}");
    }

    [Fact]
    public void A_copy_with_added_commentary_is_a_candidate()
    {
        var copy = Stories.Paragraph(900) + "\n" + Original + "\n" + Stories.Paragraph(901) + "\n" + Stories.Paragraph(902);

        var original = Fingerprinter.Compute(Original);
        var commented = Fingerprinter.Compute(copy);

        Assert.True(original.SharedKeys(commented) >= Fingerprint.CandidateMinSharedKeys);
        Assert.True(original.EstimateSimilarity(commented) > 0.6);
    }

    [Fact]
    public void Unrelated_articles_are_not_candidates()
    {
        var shared = Fingerprinter.Compute(Original).SharedKeys(Fingerprinter.Compute(Stories.Article(seed: 2)));

        Assert.True(shared < Fingerprint.CandidateMinSharedKeys, $"shared {shared}");
    }

    [Fact]
    public void Empty_text_has_no_keys()
    {
        Assert.Empty(Fingerprinter.Compute("").IndexKeys);
        Assert.Empty(Fingerprinter.Compute("  ...  ").IndexKeys);
    }

    [Fact]
    public void Unspaced_scripts_still_give_many_shingles()
    {
        Assert.True(Shingles.HashSet("東京都は火曜日に新しい港の予算を承認した。議会は長い議論の後で決定した。").Count > 20);
    }
}
