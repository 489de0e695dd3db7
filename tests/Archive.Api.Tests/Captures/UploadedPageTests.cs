using System.Text;
using Archive.Api.Captures;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// <see cref="UploadedPage.OfText"/>: a page sent as text is stored as its UTF-8 bytes, exactly those
/// <see cref="Encoding.UTF8"/> makes of it, in a buffer the upload borrows from the shared pool and gives back.
/// </summary>
public sealed class UploadedPageTests
{
    [Theory]
    [InlineData("<p>plain</p>")]
    [InlineData("<p>caf\u00e9 \u4e2d\u6587 \U0001F600</p>")]
    [InlineData("<p>a lone \ud800 surrogate and \udc00 its other half</p>")]
    public void A_page_sent_as_text_is_its_UTF8_bytes(string html)
    {
        using var page = UploadedPage.OfText(html);

        Assert.Equal(Encoding.UTF8.GetBytes(html), page.Bytes.ToArray());
        Assert.Same(html, page.Text);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
    }

    [Fact]
    public void A_page_sent_as_text_borrows_its_bytes_and_gives_them_back()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"<p>Paragraph {i}, caf\u00e9.</p>")) + "</body></html>";
        UploadedPage.OfText(html).Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var page = UploadedPage.OfText(html);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bytes = page.Bytes.ToArray();
        page.Dispose();

        Assert.Equal(Encoding.UTF8.GetBytes(html), bytes);
        Assert.True(allocated < 4 * 1024, $"{allocated} bytes allocated for a page of {bytes.Length} bytes sent a second time");
    }

    [Fact]
    public void A_page_larger_than_the_pool_keeps_is_an_array_of_its_own()
    {
        var html = new string('a', UploadedPage.PooledBytes + 1);

        using var page = UploadedPage.OfText(html);

        Assert.Equal(UploadedPage.PooledBytes + 1, page.Bytes.Length);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(page.Bytes, out var array));
        Assert.Equal(page.Bytes.Length, array.Array!.Length);
    }
}
