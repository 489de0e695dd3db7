using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Metadata;
using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Tests.Extraction;

public sealed class ProductDescriptionTests
{
    private const string Description =
        "A hand-thrown stoneware mug that holds twelve ounces, glazed in a speckled oat colour and fired twice so it is safe "
        + "in the dishwasher and the microwave.";

    [Fact]
    public void Reads_a_product_description_as_plain_text()
    {
        var ld = """{"@context":"https://schema.org","@type":"Product","name":"Mug","description":"<p>A hand-thrown stoneware mug that holds twelve ounces, glazed in a speckled oat colour &amp; fired twice.</p>"}""";

        Assert.Equal("A hand-thrown stoneware mug that holds twelve ounces, glazed in a speckled oat colour & fired twice.", ProductDescription.Read(JsonLdReader.Scan([ld]).ProductDescription));
    }

    [Fact]
    public void Ignores_descriptions_of_anything_but_a_product()
    {
        var ld = $$"""{"@type":"NewsArticle","description":"{{Description}}"}""";

        Assert.Null(ProductDescription.Read(JsonLdReader.Scan([ld]).ProductDescription));
    }

    [Theory]
    [InlineData("Price $24\n\nAdd to cart", true)]
    [InlineData("Price $24\n\n" + Description + "\n\nAdd to cart", false)]
    public void Is_missing_when_most_of_its_words_do_not_run_in_the_text(string text, bool missing) =>
        Assert.Equal(missing, ProductDescription.IsMissingFrom(text, Description));

    [Fact]
    public void A_product_page_whose_markup_lacks_the_description_gets_it_from_json_ld()
    {
        var html = $$"""
            <html><head><title>Oat mug</title><script type="application/ld+json">{"@type":"Product","name":"Oat mug","description":"{{Description}}"}</script></head>
            <body><main><h1>Oat mug</h1><div class="price">$24</div><form><button>Add to cart</button></form><div id="reviews"></div></main></body></html>
            """;

        var article = new ArticleExtractor().Extract(html, new Uri("https://shop.example/products/oat-mug"));

        Assert.StartsWith(Description, article.Text, StringComparison.Ordinal);
    }
}
