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
    public void Each_min_hash_is_the_least_mixed_shingle_under_its_seed_whichever_path_computes_it()
    {
        // The signature is computed eight permutations at a time where 512-bit vectors are accelerated: it must be the
        // definition's value, lane by lane, on every machine.
        var shingles = Shingles.HashSet(Stories.Article(seed: 3));
        var fingerprint = Fingerprinter.Compute(shingles);

        Assert.True(shingles.Count > 100);
        for (var p = 0; p < Fingerprinter.Permutations; p++)
        {
            var seed = StableHash.Mix((ulong)(p + 1) * 0x632BE59BD9B4E019UL);
            Assert.Equal(shingles.Min(shingle => (long)(StableHash.Mix((ulong)shingle ^ seed) >> 1)), fingerprint.MinHash[p]);
        }
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
