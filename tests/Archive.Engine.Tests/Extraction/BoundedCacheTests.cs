using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Tests.Extraction;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Computes_each_key_once_until_full_then_starts_over()
    {
        var calls = 0;
        var cache = new BoundedCache<int>(key => { calls++; return key.Length; }, capacity: 2);

        Assert.Equal(1, cache.Get("a"));
        Assert.Equal(1, cache.Get("a"));
        Assert.Equal(2, cache.Get("bb"));
        Assert.Equal(2, calls);
        Assert.Equal(3, cache.Get("ccc"));
        Assert.Equal(1, cache.Get("a"));
        Assert.Equal(4, calls);
    }

    [Fact]
    public void Does_not_keep_keys_longer_than_its_limit()
    {
        var calls = 0;
        var cache = new BoundedCache<int>(key => { calls++; return key.Length; }, maxKeyLength: 3);

        cache.Get("long key");
        cache.Get("long key");

        Assert.Equal(2, calls);
    }

    [Fact]
    public void Answers_a_key_longer_than_its_limit_word_by_word_when_verdicts_combine()
    {
        var asked = new List<string>();
        var cache = new BoundedCache<int>(key => { asked.Add(key); return key.Length; }, maxKeyLength: 8, combineWords: Math.Max);

        Assert.Equal(5, cache.Get("alpha beta\tgamma\n alpha  pi"));
        Assert.Equal(5, cache.Get("pi alpha beta gamma"));

        Assert.Equal(["alpha", "beta", "gamma", "pi"], asked);
    }

    [Fact]
    public void Works_out_a_word_longer_than_its_limit_as_it_stands()
    {
        var asked = new List<string>();
        var cache = new BoundedCache<int>(key => { asked.Add(key); return key.Length; }, maxKeyLength: 4, combineWords: Math.Max);

        Assert.Equal(9, cache.Get("abcdefghi"));
        Assert.Equal(9, cache.Get("xy abcdefghi"));
        Assert.Equal(6, cache.Get("      "));

        Assert.Equal(["abcdefghi", "xy", "abcdefghi", "      "], asked);
    }
}
