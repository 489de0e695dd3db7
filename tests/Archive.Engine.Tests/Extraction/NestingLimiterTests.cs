using System.Text;
using AngleSharp;
using AngleSharp.Html.Parser;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Nesting;

namespace Archive.Engine.Tests.Extraction;

public sealed class NestingLimiterTests
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true }, BrowsingContext.New(Configuration.Default));

    public static TheoryData<string, string, string> DeepShapes => new()
    {
        // name, one level opening, one level closing
        { "div", "<div>", "</div>" },
        { "span", "<span>", "</span>" },
        { "formatting", "<b>", "</b>" },
        { "distinct-formatting", "<b class=\"{0}\">", "" },
        { "lists", "<ul><li>", "" },
        { "tables", "<table><tr><td>", "" },
        { "tables-implied", "<table><td>", "" },
        { "misnested-formatting", "<b><div></b>", "" },
        { "reopened-formatting", "<div><i id=\"{0}\"></div>", "x" },
        { "svg", "<svg><g>", "" },
        { "mathml", "<math><mrow>", "" },
        { "custom", "<x-y>", "</x-y>" },
        { "blockquote-p", "<blockquote><p>", "" },
        { "select", "<select><option><optgroup>", "" },
        { "foreign-breakout", "<svg><foreignObject><div>", "" },
        { "font-a-nobr", "<font><a href=x><nobr>", "" },
    };

    private static readonly ExtractionLimits Small = new() { MaxNesting = 64, MaxNodes = 20_000, MaxChildren = 500 };

    [Theory]
    [MemberData(nameof(DeepShapes))]
    public void A_page_nested_twenty_thousand_levels_parses_within_the_limits(string name, string open, string close)
    {
        var html = Nest(open, close, 20_000, "deep text");

        var limited = NestingLimiter.Limit(html, Small);
        var document = Parser.ParseDocument(limited);

        var depth = DocumentDepth.Of(document);
        Assert.True(depth <= Small.MaxNesting + 1, $"{name}: the limited page nests {depth} deep");
        Assert.True(document.All.Length <= Small.MaxNodes + 40, $"{name}: {document.All.Length} elements");
        Assert.True(document.All.Max(e => e.ChildNodes.Length) <= 2 * Small.MaxChildren + 1, $"{name}: too wide");
        Assert.Contains("deep text", limited, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<b><div></b>", "")]
    [InlineData("<table><tr><td>", "")]
    [InlineData("<div><i id=\"{0}\">x</div>", "")]
    public void A_page_nested_a_million_levels_extracts_with_its_text(string open, string close)
    {
        var html = Nest(open, close, 1_000_000, "The story survives its wrapping, every word of it.");
        // One shape leaves a character of text at every level: a million of them, past the text budget (TextBudgetTests).
        var limits = new ExtractionLimits { MaxTextChars = 2_000_000 };

        var article = new ArticleExtractor(limits).Extract(html, new Uri("https://deep.example/story"));

        Assert.Contains("The story survives", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("</p>")]
    [InlineData("<br>")]
    [InlineData("<li>")]
    [InlineData("<a href=x>y</a>")]
    [InlineData("<p>x")]
    [InlineData("<td>")]
    public void A_hundred_thousand_siblings_stay_within_the_width_limit(string sibling)
    {
        var html = "<body><ul>" + string.Concat(Enumerable.Repeat(sibling, 100_000)) + "<p>last words</p>";

        var limited = NestingLimiter.Limit(html, Small);
        var document = Parser.ParseDocument(limited);

        Assert.True(document.All.Max(e => e.ChildNodes.Length) <= 2 * Small.MaxChildren + 1);
        Assert.Contains("last words", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_under_the_cap_comes_back_as_the_same_string()
    {
        foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Pages"), "source.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(path);
            Assert.Same(html, NestingLimiter.Limit(html));
        }
    }

    [Fact]
    public void Tags_inside_attributes_comments_and_raw_text_do_not_count()
    {
        var nested = string.Concat(Enumerable.Repeat("<div>", 100));
        var html = $"<p title=\"{nested}\">a</p><!-- {nested} --><textarea>{nested}</textarea><title>{nested}</title>"
            + $"<script>var s = '{nested}';</script><style>/* {nested} */</style><div data-x='>{nested}'>b</div>";

        Assert.Same(html, NestingLimiter.Limit(html, new ExtractionLimits { MaxNesting = 16 }));
    }

    [Fact]
    public void Optional_end_tags_close_what_the_parser_closes()
    {
        var html = new StringBuilder("<table>");
        for (var i = 0; i < 400; i++)
        {
            html.Append("<tr><td>cell<td><p>para<p>para<li>item<dt>term<dd>def<option>o");
        }
        html.Append("</table>");
        for (var i = 0; i < 400; i++)
        {
            html.Append("<p>a<ul><li>one<li>two</ul><h2>h<h3>i</h3><table><td>x</table><b>bold<p>para</b>");
        }
        var page = html.ToString();

        Assert.Same(page, NestingLimiter.Limit(page, new ExtractionLimits { MaxNesting = 64 }));
    }

    [Fact]
    public void Random_tag_soup_never_nests_past_the_cap_nor_escapes_the_parser()
    {
        string[] soup =
        [
            "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<i class=x>", "</i>", "<a href=y>", "</a>", "<table>", "</table>",
            "<tr>", "<td>", "</td>", "<th>", "<tbody>", "<caption>", "<col>", "<colgroup>", "<li>", "</li>", "<ul>", "</ul>",
            "<dd>", "<dt>", "<svg>", "</svg>", "<math>", "<mi>", "<foreignObject>", "<g/>", "<span>", "</span>", "<nobr>",
            "<font size=2>", "</font>", "<button>", "</button>", "<select>", "<option>", "<optgroup>", "</select>", "<form>",
            "</form>", "<h1>", "<h2>", "</h1>", "<object>", "</object>", "<template>", "</template>", "<ruby><rb><rt>", "text",
            " ", "<br>", "</br>", "<img>", "<textarea>", "</textarea>", "<marquee>", "</marquee>", "<x>", "</x>", "</body>",
            "<body>", "<html>", "<hr>", "<pre>", "<blockquote>", "</blockquote>", "<u>", "<s>", "<em>", "</em>", "<strong>",
        ];
        const int cap = 24;
        var limits = new ExtractionLimits { MaxNesting = cap };
        var failures = new List<string>();
        for (var seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var html = new StringBuilder();
            for (var i = 0; i < 600; i++)
            {
                html.Append(soup[random.Next(soup.Length)]);
            }
            int depth;
            try
            {
                depth = DocumentDepth.Of(HtmlParsing.Parse(html.ToString(), limits).Document);
            }
            catch (PageTooComplexException)
            {
                continue;
            }
            // Void and raw-text leaves may stand past the cap, and the model may err by a level where it simplifies.
            if (depth > cap + 2)
            {
                failures.Add($"seed {seed}: {depth}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} pages passed the cap: {string.Join(", ", failures.Take(20))}");
    }

    [Fact]
    public void A_tree_the_limiter_lets_through_too_deep_fails_during_the_parse_as_too_complex()
    {
        var html = Nest("<div>", "", 100_000, "text");
        var limits = new ExtractionLimits { MaxNesting = 1_000_000, MaxNodes = 1_000_000, MaxTreeDepth = 64 };

        var failure = Assert.Throws<PageTooComplexException>(() => new ArticleExtractor(limits).Extract(html, null));

        Assert.Contains("64", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Formatting_tags_are_followed_without_copying_their_attributes()
    {
        // 2,000 links with long attributes: the model keeps each formatting element's attributes (for the Noah's ark
        // clause), and kept a copy of each; a slice of the page does, so only its own entries are allocated.
        var html = "<html><body>" + string.Concat(Enumerable.Range(0, 2_000).Select(i =>
            $"<p><a class=\"story-link headline\" href=\"https://example.com/news/2026/12/03/a-story-{i}\">Story {i}</a></p>"))
            + "</body></html>";
        NestingLimiter.Limit(html);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var limited = NestingLimiter.Limit(html);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(html, limited);
        Assert.InRange(allocated / 2_000, 0, 250); // bytes a paragraph and its link: 504 with the copies, 128 without
    }

    private static string Nest(string open, string close, int levels, string text)
    {
        var html = new StringBuilder("<html><body><article>");
        for (var i = 0; i < levels; i++)
        {
            html.Append(open.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
        html.Append("<p>").Append(text).Append("</p>");
        for (var i = 0; i < levels; i++)
        {
            html.Append(close);
        }
        return html.Append("</article></body></html>").ToString();
    }
}
