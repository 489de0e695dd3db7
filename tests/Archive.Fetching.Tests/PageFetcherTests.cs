using System.Text;
using Archive.Fetching;

namespace Archive.Fetching.Tests;

public sealed class PageFetcherTests(FixtureOrigin origin) : IClassFixture<FixtureOrigin>, IDisposable
{
    private readonly FetcherHarness _harness = FetcherHarness.WithLoopbackAllowed();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Plain_html_page_is_captured_with_status_headers_and_exact_bytes()
    {
        var url = origin.Url("/page");

        var outcome = await _harness.FetchAsync(url);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        var page = outcome.Page;
        Assert.Equal(url, page.RequestedUrl);
        Assert.Equal(url, page.FinalUrl);
        Assert.Empty(page.Redirects);
        Assert.Equal(200, page.Status);
        Assert.Equal("text/html", page.ContentType);
        Assert.Equal("utf-8", page.Charset);
        Assert.Equal(Encoding.UTF8.GetBytes(FixtureOrigin.PlainHtml), page.Body);
        Assert.Contains(page.Headers, h => h.Key == "Content-Type" && h.Value == "text/html; charset=utf-8");
        Assert.InRange(page.Duration, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.InRange(page.FetchedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Headers_are_kept_as_received_while_media_type_and_charset_are_normalised()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/odd-headers"));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        var headers = outcome.Page.Headers;
        Assert.Contains(KeyValuePair.Create("Content-Type", "TEXT/HTML;Charset=\"utf-8\""), headers);
        Assert.Contains(KeyValuePair.Create("Cache-Control", "max-age=60,public"), headers);
        Assert.Equal(["one", "two"], headers.Where(h => h.Key == "X-Repeated").Select(h => h.Value));
        Assert.Equal("text/html", outcome.Page.ContentType);
        Assert.Equal("utf-8", outcome.Page.Charset);
    }

    [Fact]
    public async Task Xhtml_is_accepted_as_html()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/xhtml"));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal("application/xhtml+xml", outcome.Page.ContentType);
    }

    [Fact]
    public async Task Redirect_chain_of_three_hops_is_followed_and_each_hop_recorded()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/redirect/3"));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal(origin.Url("/page"), outcome.Page.FinalUrl);
        Assert.Equal(
            [new(origin.Url("/redirect/3"), 307), new(origin.Url("/redirect/2"), 301), new(origin.Url("/redirect/1"), 302)],
            outcome.Page.Redirects);
    }

    [Fact]
    public async Task Endless_redirects_stop_after_the_configured_maximum()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/endless/0"));

        Assert.False(outcome.Succeeded);
        Assert.Equal(FetchFailureReason.TooManyRedirects, outcome.Failure.Reason);
        Assert.Equal(6, outcome.Failure.Redirects.Count);
        Assert.Equal(302, outcome.Failure.Status);
    }

    [Fact]
    public async Task Max_redirects_comes_from_configuration()
    {
        using var strict = FetcherHarness.WithLoopbackAllowed(("Fetching:MaxRedirects", "2"));

        var outcome = await strict.FetchAsync(origin.Url("/redirect/3"));

        Assert.Equal(FetchFailureReason.TooManyRedirects, outcome.Failure?.Reason);
    }

    [Theory]
    [InlineData("/gzip", "gzip")]
    [InlineData("/brotli", "br")]
    public async Task Compressed_page_body_is_decoded_and_content_encoding_kept_in_headers(string path, string encoding)
    {
        var outcome = await _harness.FetchAsync(origin.Url(path));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal(Encoding.UTF8.GetBytes(FixtureOrigin.PlainHtml), outcome.Page.Body);
        Assert.Contains(outcome.Page.Headers, h => h.Key == "Content-Encoding" && h.Value == encoding);
        Assert.Contains(outcome.Page.Headers, h => h.Key == "Content-Length");
    }

    [Fact]
    public async Task Declared_charset_is_reported_and_body_bytes_are_left_undecoded()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/latin1-label"));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal("ISO-8859-1", outcome.Page.Charset);
        Assert.Equal(Encoding.UTF8.GetBytes("<html><body>café – naïve</body></html>"), outcome.Page.Body);
    }

    [Fact]
    public async Task Missing_content_type_is_sniffed_as_html_from_the_first_bytes()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/untyped/html"));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal("text/html", outcome.Page.ContentType);
        Assert.Null(outcome.Page.Charset);
    }

    [Theory]
    [InlineData("/pdf")]
    [InlineData("/png")]
    [InlineData("/untyped/binary")]
    public async Task Non_html_responses_fail_as_not_html(string path)
    {
        var outcome = await _harness.FetchAsync(origin.Url(path));

        Assert.Equal(FetchFailureReason.NotHtml, outcome.Failure?.Reason);
        Assert.Equal(200, outcome.Failure?.Status);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Error_statuses_fail_as_http_status_and_keep_the_status(int status)
    {
        var url = origin.Url($"/status/{status}");

        var outcome = await _harness.FetchAsync(url);

        Assert.Equal(FetchFailureReason.HttpStatus, outcome.Failure?.Reason);
        Assert.Equal(status, outcome.Failure?.Status);
        Assert.Equal(url, outcome.Failure?.FinalUrl);
    }

    [Fact]
    public async Task Requests_name_the_archive_and_carry_no_credentials_after_a_cross_origin_redirect()
    {
        _harness.Resolver.Answer("other-origin.test", ["127.0.0.1"]);
        var elsewhere = new Uri($"http://other-origin.test:{origin.Port}/echo-headers");

        var outcome = await _harness.FetchAsync(origin.Url($"/to?url={Uri.EscapeDataString(elsewhere.ToString())}"));

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal(elsewhere, outcome.Page.FinalUrl);
        var headers = origin.LastEchoedHeaders!;
        Assert.Equal("ArchiveBot/0.1 (+https://archive.test/bot)", headers.UserAgent.ToString());
        Assert.False(headers.ContainsKey("Authorization"));
        Assert.False(headers.ContainsKey("Cookie"));
        Assert.Equal($"other-origin.test:{origin.Port}", headers.Host.ToString());
    }

    [Fact]
    public async Task Host_wide_resilience_defaults_do_not_retry_the_fetcher()
    {
        using var resilient = FetcherHarness.WithHostWideResilience();

        var outcome = await resilient.FetchAsync(origin.Url("/status/502"));

        Assert.Equal(FetchFailureReason.HttpStatus, outcome.Failure?.Reason);
        Assert.Equal(1, origin.Hits("/status/502"));
    }

    [Fact]
    public async Task Unresolvable_host_fails_as_dns()
    {
        var outcome = await _harness.FetchAsync("http://no-such-host.test/");

        Assert.Equal(FetchFailureReason.Dns, outcome.Failure?.Reason);
    }

    [Fact]
    public async Task Closed_port_fails_as_refused()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var outcome = await _harness.FetchAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(FetchFailureReason.Refused, outcome.Failure?.Reason);
    }

    [Fact]
    public async Task Tls_handshake_against_a_plain_http_port_fails_as_tls_or_network()
    {
        var outcome = await _harness.FetchAsync($"https://127.0.0.1:{origin.Port}/page");

        Assert.Contains(outcome.Failure?.Reason, new FetchFailureReason?[] { FetchFailureReason.Tls, FetchFailureReason.Network });
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _harness.Fetcher.FetchAsync(origin.Url("/stall"), cts.Token));
    }
}
