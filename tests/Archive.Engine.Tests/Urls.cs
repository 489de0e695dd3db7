using Archive.Engine.Urls;

namespace Archive.Engine.Tests;

public sealed class UrlKeyTests
{
    [Theory]
    [InlineData("HTTPS://WWW.Example.COM:443/News/Story?id=7#comments", "https://www.example.com/News/Story?id=7")]
    [InlineData("https://example.com/a?utm_source=x&id=2&fbclid=abc", "https://example.com/a?id=2")]
    [InlineData("http://example.com:8080/", "http://example.com:8080/")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://Example.com./a", "https://example.com/a")]
    [InlineData("https://www.Bücher.de/a", "https://www.xn--bcher-kva.de/a")]
    [InlineData("http://[::1]:8080/a", "http://[::1]:8080/a")]
    public void Url_keys_drop_what_does_not_name_a_different_page(string url, string expected) =>
        Assert.Equal(expected, UrlKey.For(new Uri(url)));

    [Theory]
    [InlineData("https://www.example.com/news/story/", "example.com/news/story")]
    [InlineData("http://example.com/news/story?utm_source=feed", "example.com/news/story")]
    [InlineData("https://EXAMPLE.com./news/story/?id=2#top", "example.com/news/story?id=2")]
    [InlineData("https://example.com:8443/a", "example.com:8443/a")]
    [InlineData("https://example.com/", "example.com")]
    [InlineData(" https://example.com/a ", "example.com/a")]
    [InlineData("/relative/path", "")]
    [InlineData("not a url", "")]
    [InlineData(null, "")]
    public void Loose_keys_are_the_url_key_blind_to_scheme_www_and_a_trailing_slash(string? url, string expected) =>
        Assert.Equal(expected, UrlKey.Loose(url));
}

/// <summary>The one registrable-domain function (publishers, lineage outlets and extraction's off-site links use it).</summary>
public sealed class RegistrableDomainTests
{
    [Theory]
    [InlineData("www.bbc.co.uk", "bbc.co.uk")]
    [InlineData("WWW.BBC.CO.UK", "bbc.co.uk")]
    [InlineData("blog.comwrap.com", "comwrap.com")]
    [InlineData("a.b.com.br", "b.com.br")]
    [InlineData("someone.blogspot.com", "someone.blogspot.com")]
    [InlineData("lapatilla.com.", "lapatilla.com")]
    [InlineData(" lapatilla.com ", "lapatilla.com")]
    [InlineData("www.食狮.中国", "xn--85x722f.xn--fiqs8s")]
    [InlineData("www.Bücher.de", "xn--bcher-kva.de")]
    [InlineData("WWW.XN--BCHER-KVA.DE", "xn--bcher-kva.de")]
    // No registrable domain: the host stands for itself, in the same form.
    [InlineData("CO.UK", "co.uk")]
    [InlineData("co.uk.", "co.uk")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("[::1]", "[::1]")]
    public void A_host_gives_its_registrable_domain_in_one_form(string host, string expected) =>
        Assert.Equal(expected, RegistrableDomain.Of(host));

    [Theory]
    [InlineData("HTTPS://WWW.Example.COM/News", "example.com")]
    [InlineData("http://news.example.co.uk:8080/a", "example.co.uk")]
    [InlineData("http://127.0.0.1:18001/page", "127.0.0.1")]
    [InlineData("http://[::1]:8080/page", "[::1]")]
    [InlineData("https://www.bücher.de./", "xn--bcher-kva.de")]
    public void A_url_gives_its_host_s_registrable_domain_without_its_port(string url, string expected) =>
        Assert.Equal(expected, RegistrableDomain.Of(new Uri(url)));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(".")]
    [InlineData(null)]
    public void No_host_has_no_domain(string? host) => Assert.Null(RegistrableDomain.Of(host));

    [Fact]
    public void A_url_without_a_host_has_no_domain() => Assert.Null(RegistrableDomain.Of(new Uri("file:///tmp/page.html")));
}
