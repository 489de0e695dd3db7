using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Scoring;

namespace Archive.Engine.Tests.Extraction;

public sealed class ControlsTests
{
    [Fact]
    public void Each_element_counts_the_form_controls_below_it()
    {
        var body = HtmlParsing.Parse("<html><body><div id='box'><select></select><div id='inner'><button>Buy</button><input></div></div><p id='text'>Words</p></body></html>").Document.Body!;

        var counts = Controls.Count(body);

        Assert.Equal(3, counts[body]);
        Assert.Equal(3, counts[body.QuerySelector("#box")!]);
        Assert.Equal(2, counts[body.QuerySelector("#inner")!]);
        Assert.False(counts.ContainsKey(body.QuerySelector("#text")!));
    }

    [Fact]
    public void A_page_nested_thousands_deep_is_counted_without_recursion()
    {
        const int depth = 20_000;
        var html = string.Concat(Enumerable.Repeat("<span>", depth)) + "<input>" + string.Concat(Enumerable.Repeat("</span>", depth));
        var body = HtmlParsing.Parse($"<html><body>{html}</body></html>").Document.Body!;

        var counts = Controls.Count(body);

        Assert.Equal(1, counts[body]);
    }

    [Fact]
    public void Counts_are_what_summing_into_the_table_element_by_element_gave()
    {
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var random = new Random(353);
        string[] pieces = ["<div>", "</div>", "<p>", "text", "<input>", "<button>x</button>", "<select><option>a</select>",
            "<span role=button>", "</span>", "<ul><li>", "<li role=option>", "</ul>", "<form>", "</form>", "<textarea>t</textarea>"];
        for (var page = 0; page < 300; page++)
        {
            var html = string.Concat(Enumerable.Range(0, random.Next(1, 300)).Select(_ => pieces[random.Next(pieces.Length)]));
            var body = parser.ParseDocument(html).Body!;
            var counts = Controls.Count(body);
            var old = OldCount(body);
            Assert.Equal(old.Count, counts.Count);
            foreach (var (element, count) in old)
            {
                Assert.Equal(count, counts[element]);
            }
        }
    }

    // Controls.Count as it was before ext35.
    private static Dictionary<AngleSharp.Dom.IElement, int> OldCount(AngleSharp.Dom.IElement body)
    {
        var counts = new Dictionary<AngleSharp.Dom.IElement, int>(ReferenceEqualityComparer.Instance);
        var order = new List<AngleSharp.Dom.IElement>();
        var stack = new Stack<AngleSharp.Dom.IElement>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            order.Add(element);
            foreach (var child in element.Children)
            {
                stack.Push(child);
            }
        }
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var element = order[i];
            var control = element.LocalName is "input" or "select" or "button" or "textarea"
                || element.GetAttribute("role") is "button" or "checkbox" or "radio" or "option" or "combobox" or "slider";
            var count = counts.GetValueOrDefault(element) + (control ? 1 : 0);
            if (count == 0)
            {
                continue;
            }
            counts[element] = count;
            if (element != body && element.ParentElement is { } parent)
            {
                counts[parent] = counts.GetValueOrDefault(parent) + count;
            }
        }
        return counts;
    }
}
