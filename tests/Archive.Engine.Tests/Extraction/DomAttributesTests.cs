using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Tests.Extraction;

public sealed class DomAttributesTests
{
    [Fact]
    public void A_lower_case_name_reads_what_GetAttribute_reads_on_html_and_foreign_elements()
    {
        var document = HtmlParsing.Parse("""
            <html lang="en"><body><DIV CLASS="Story" Role=main ITEMPROP="articleBody" data-X="1" hidden>
            <svg viewBox="0 0 1 1" class="icon"><foreignObject><p Class="inner">t</p></foreignObject></svg>
            <math><mi MathVariant="bold" class="m">x</mi></math><a HREF="/x" rel="author">a</a><meta Content="c" PROPERTY="og:type">
            <span aria-hidden="true" style="display:none" itemtype="https://schema.org/Person"></span></DIV></body></html>
            """).Document;
        string[] names = ["class", "role", "itemprop", "itemtype", "href", "rel", "content", "property", "data-x", "hidden",
            "aria-hidden", "style", "lang", "viewbox", "mathvariant", "datetime", "id"];

        foreach (var element in document.All)
        {
            foreach (var name in names)
            {
                Assert.Equal(element.GetAttribute(name), element.Attribute(name));
            }
        }
    }
}
