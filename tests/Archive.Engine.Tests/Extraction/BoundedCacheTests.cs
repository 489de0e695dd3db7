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
}
