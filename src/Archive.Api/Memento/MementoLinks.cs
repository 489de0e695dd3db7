using System.Globalization;
using System.Text;
using Archive.Data.Stores;
using Archive.Engine.Warc;

namespace Archive.Api.Memento;

/// <summary>URIs and Link headers of one original resource's mementos, in RFC 7089's forms.</summary>
internal sealed class MementoLinks(string root, IReadOnlyList<MementoRef> mementos)
{
    public string Original => mementos[0].ArticleUrl;

    public string TimeGate => $"{root}/web/{Original}";

    public string LinkTimeMapUri => $"{root}/web/timemap/link/{Original}";

    public string JsonTimeMapUri => $"{root}/web/timemap/json/{Original}";

    public string MementoUri(MementoRef m) => $"{root}/web/{WarcFormat.Timestamp14(m.CapturedAt)}/{Original}";

    /// <summary>The memento nearest to <paramref name="at"/> (the latest when no datetime is asked; ties go to the earlier).</summary>
    public MementoRef Nearest(DateTimeOffset? at) => at is { } wanted
        ? mementos.MinBy(m => Math.Abs((m.CapturedAt - wanted).Ticks))!
        : mementos[^1];

    public string ForTimeGate() =>
        $"<{Original}>; rel=\"original\", <{LinkTimeMapUri}>; rel=\"timemap\"; type=\"application/link-format\"";

    public string ForMemento(MementoRef current)
    {
        var index = mementos.ToList().IndexOf(current);
        var rels = new List<(MementoRef Memento, List<string> Rels)>();
        void Add(MementoRef m, string rel)
        {
            var entry = rels.FirstOrDefault(r => r.Memento == m);
            if (entry.Rels is null)
            {
                rels.Add((m, [rel]));
            }
            else
            {
                entry.Rels.Add(rel);
            }
        }
        Add(mementos[0], "first");
        if (index > 0)
        {
            Add(mementos[index - 1], "prev");
        }
        Add(current, "memento");
        if (index < mementos.Count - 1)
        {
            Add(mementos[index + 1], "next");
        }
        Add(mementos[^1], "last");
        var links = new StringBuilder(ForTimeGate()).Append($", <{TimeGate}>; rel=\"timegate\"");
        foreach (var (memento, names) in rels)
        {
            // "first memento", "prev memento": relation types are space-separated in one rel value, so coinciding ones share it.
            var rel = string.Join(' ', names.Where(n => n != "memento").Append("memento"));
            links.Append($", <{MementoUri(memento)}>; rel=\"{rel}\"; datetime=\"{Http(memento.CapturedAt)}\"");
        }
        return links.ToString();
    }

    public string LinkTimeMap()
    {
        var lines = new List<string>
        {
            $"<{Original}>; rel=\"original\"",
            $"<{LinkTimeMapUri}>; rel=\"self\"; type=\"application/link-format\"; from=\"{Http(mementos[0].CapturedAt)}\"; until=\"{Http(mementos[^1].CapturedAt)}\"",
            $"<{TimeGate}>; rel=\"timegate\"",
        };
        for (var i = 0; i < mementos.Count; i++)
        {
            var rel = (i == 0 ? "first " : "") + (i == mementos.Count - 1 ? "last " : "") + "memento";
            lines.Add($"<{MementoUri(mementos[i])}>; rel=\"{rel}\"; datetime=\"{Http(mementos[i].CapturedAt)}\"");
        }
        return string.Join(",\n", lines) + "\n";
    }

    public object JsonTimeMap() => new
    {
        original_uri = Original,
        timegate_uri = TimeGate,
        timemap_uri = new { link_format = LinkTimeMapUri, json_format = JsonTimeMapUri },
        mementos = new
        {
            first = Entry(mementos[0]),
            last = Entry(mementos[^1]),
            list = mementos.Select(Entry).ToList(),
        },
    };

    private object Entry(MementoRef m) => new { datetime = m.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), uri = MementoUri(m) };

    public static string Http(DateTimeOffset at) => at.ToString("r", CultureInfo.InvariantCulture);
}
