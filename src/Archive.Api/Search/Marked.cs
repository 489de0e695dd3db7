using System.Text;
using Archive.Data.Stores;

namespace Archive.Api.Search;

/// <summary>Turns text with the store's highlight marks into plain text and the spans that were marked.</summary>
internal static class Marked
{
    public static (string Text, List<Highlight> Highlights) Parse(string marked)
    {
        var text = new StringBuilder(marked.Length);
        var highlights = new List<Highlight>();
        var start = -1;
        foreach (var c in marked)
        {
            if (c == SearchStore.MarkStart)
            {
                start = text.Length;
            }
            else if (c == SearchStore.MarkEnd)
            {
                if (start >= 0 && text.Length > start)
                {
                    highlights.Add(new Highlight(start, text.Length - start));
                }
                start = -1;
            }
            else
            {
                text.Append(c);
            }
        }
        return (text.ToString(), highlights);
    }
}
