using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Cli.Commands;

/// <summary>GET /api/articles/{id}/lineage as a tree a person reads: who published first, and who took it from whom, how.</summary>
internal static class LineageText
{
    public static string Render(JsonElement tree)
    {
        var self = tree.GetProperty("articleId").GetGuid();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{tree.GetProperty("members").GetInt32()} article(s) carry this story.\n");
        var root = tree.GetProperty("root");
        text.Append(Line(root, self, origin: true)).Append('\n');
        Children(text, root, self, "");
        return text.ToString().TrimEnd();
    }

    private static void Children(StringBuilder text, JsonElement node, Guid self, string indent)
    {
        var children = node.GetProperty("republications").EnumerateArray().ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            text.Append(indent).Append(last ? "└─ " : "├─ ").Append(Line(children[i], self, origin: false)).Append('\n');
            Children(text, children[i], self, indent + (last ? "   " : "│  "));
        }
    }

    private static string Line(JsonElement node, Guid self, bool origin)
    {
        var article = node.GetProperty("article");
        var publisher = Text(article, "publisher") ?? Text(article, "publisherDomain") ?? "unknown outlet";
        var published = Text(article, "publishedAt") is { } at ? $", published {at}" : "";
        var how = origin ? EnumText.Of(LineageKind.Origin)
            : $"{Text(node, "kind")} {Percent(node, "similarity")}, {Text(node, "basis") ?? EnumText.Of(EvidenceBasis.Observed)}";
        var mark = article.GetProperty("articleId").GetGuid() == self ? "  ← this article" : "";
        return $"[{how}] {publisher}: {Text(article, "url")}{published}{mark}";
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

    private static string Percent(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? string.Create(CultureInfo.InvariantCulture, $"{v.GetDouble() * 100:0}% alike") : "";
}
