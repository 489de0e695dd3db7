using Archive.Engine.Urls;

namespace Archive.Engine.Tests;

public sealed class UrlKeyTests
{
    [Theory]
    [InlineData("HTTPS://WWW.Example.COM:443/News/Story?id=7#comments", "https://www.example.com/News/Story?id=7")]
    [InlineData("https://example.com/a?utm_source=x&id=2&fbclid=abc", "https://example.com/a?id=2")]
    [InlineData("http://example.com:8080/", "http://example.com:8080/")]
    [InlineData("https://example.com", "https://example.com/")]
    public void Url_keys_drop_what_does_not_name_a_different_page(string url, string expected) =>
        Assert.Equal(expected, UrlKey.For(new Uri(url)));
}
