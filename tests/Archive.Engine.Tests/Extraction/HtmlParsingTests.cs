using AngleSharp.Dom;
using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

public sealed class HtmlParsingTests
{
    [Fact]
    public void The_parse_counts_the_documents_elements_for_the_tables_made_after_it()
    {
        var page = HtmlParsing.Parse("<html><head><title>t</title></head><body><div><p>a <b>b</b></p><p>c</p></div><ul><li>x</li></ul></body></html>");

        Assert.Equal(page.Document.QuerySelectorAll("*").Length, page.Elements);
        Assert.Equal(10, page.Elements);
    }

    [Fact]
    public void A_parse_gives_the_tokenizer_buffer_back()
    {
        // One text run of 100,000 characters: the DOM holds it as one string (200,000 bytes). The tokenizer's buffer of
        // the page's size (131,072 characters once rounded up by the pool) was left to the collector after every parse.
        var html = "<html><body><p>" + new string('x', 100_000) + "</p></body></html>";
        HtmlParsing.Parse(html);

        var allocated = Allocated(() => HtmlParsing.Parse(html));

        Assert.InRange(allocated, 200_000, 240_000);
    }

    [Fact]
    public void Attributes_are_not_observed_while_the_tree_is_built()
    {
        // 2,000 links with a class, a rel and an href: the default attribute observer looked each attribute up, parsed
        // the href as a URL and built the link's relation list, none of which any stage reads.
        var html = "<html><body>" + string.Concat(Enumerable.Range(0, 2_000).Select(i =>
            $"<link class=\"c\" rel=\"stylesheet\" href=\"https://example.com/{i}.css\">")) + "</body></html>";
        HtmlParsing.Parse(html);

        var allocated = Allocated(() => HtmlParsing.Parse(html));

        var page = HtmlParsing.Parse(html);
        Assert.Equal(2_000, page.Document.QuerySelectorAll("link.c[rel=stylesheet]").Length);
        Assert.InRange(allocated / 2_000, 0, 2_000); // 6,362 bytes a link with the observer, 955 without
    }

    [Fact]
    public void The_tree_keeps_nothing_of_the_buffer_it_gave_back()
    {
        // The tokenizer's buffer goes back to the shared pool after the parse, and the pool hands it to the next caller on
        // this thread (another page's parse, any rented buffer): if any text, name or value of the tree still pointed into
        // it, overwriting the buffer would change the tree. Every kind of token the page can hold is here.
        var html = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Titre &amp; sous-titre</title>" +
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Le port\"}</script>" +
            "<style>p { color: red }</style></head><body class=\"story main\" id=\"top\" data-x='y'><!-- a comment -->" +
            "<article itemprop=\"articleBody\"><h1>Le port ferme tôt</h1><p>Les terrasses du quai <a href=\"/quai?x=1&amp;y=2\" " +
            "rel=\"nofollow\">ferment</a> à dix heures.</p><noscript><img src=\"a.jpg\" alt=\"Le quai\"></noscript>" +
            "<textarea>brut &lt;texte&gt;</textarea><pre>  espaces\n gardés </pre><svg viewBox=\"0 0 1 1\"><title>Icône</title></svg>" +
            "</article></body></html>" + new string(' ', 40_000);
        var page = HtmlParsing.Parse(html);
        var before = Snapshot(page.Document);

        for (var size = 1 << 10; size <= 1 << 20; size <<= 1)
        {
            var rented = new char[8][];
            for (var i = 0; i < rented.Length; i++)
            {
                rented[i] = System.Buffers.ArrayPool<char>.Shared.Rent(size);
                rented[i].AsSpan().Fill('\u2603');
            }
            foreach (var buffer in rented)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(buffer);
            }
        }

        Assert.Equal(before, Snapshot(page.Document));
        Assert.DoesNotContain("\u2603", before, StringComparison.Ordinal);
    }

    /// <summary>Every node's name, value and text and every attribute's name and value, in document order.</summary>
    private static string Snapshot(AngleSharp.Html.Dom.IHtmlDocument document)
    {
        var text = new System.Text.StringBuilder(document.DocumentElement.OuterHtml);
        foreach (var node in document.Descendants())
        {
            text.Append('|').Append(node.NodeName).Append('=').Append(node.NodeValue).Append('=').Append(node.TextContent);
            if (node is AngleSharp.Dom.IElement element)
            {
                foreach (var attribute in element.Attributes)
                {
                    text.Append('|').Append(attribute.Name).Append(':').Append(attribute.Value);
                }
            }
        }
        return text.ToString();
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
