using Archive.Engine.Lineage;
using Archive.Engine.Text;

namespace Archive.Bench.Lineage;

/// <summary>
/// Republications of real pages as syndication makes them, derived deterministically from the pages (seeded by the page's
/// place in the pool): a copy with a credit line, with commentary of its own (paragraphs of another real page, before or
/// after), an excerpt (the first fifth to half of the paragraphs and a "read more" line), an edited rewrite (sentences
/// dropped, a few words replaced, two adjacent paragraphs swapped) and a copy of an edited copy. A copy is built on another
/// pool page (its metadata, links, attributions and page text: another site's template) at a URL of its own host, published
/// hours after its source when the source gives a time.
/// </summary>
internal static class Syndication
{
    public static readonly string[] Kinds = ["attributed", "commentary", "excerpt", "edited"];

    /// <summary>One copy of <paramref name="source"/> of the given kind.</summary>
    /// <param name="pool">The pool's pages as members at their own URLs: templates and commentary come from them.</param>
    /// <param name="index">The source's place in the pool; with <paramref name="copy"/>, the seed.</param>
    public static LineageMember Copy(IReadOnlyList<LineageMember> pool, int index, LineageMember source, string kind, string url, int copy)
    {
        var random = new Random(index * 31 + copy);
        var paragraphs = source.CanonicalText.Split('\n').ToList();
        var text = kind switch
        {
            "verbatim" => paragraphs,
            "attributed" => Attributed(paragraphs, source, random),
            "commentary" => Commentary(paragraphs, pool, index, random),
            "excerpt" => Excerpt(paragraphs, source, random),
            "edited" => Edited(paragraphs, random),
            _ => throw new ArgumentException($"no such kind: {kind}", nameof(kind)),
        };
        var template = pool[(index + 1 + random.Next(pool.Count - 1)) % pool.Count];
        return template with
        {
            Id = Pipeline.IdOf(url),
            Url = url,
            CanonicalText = CanonicalText.Normalize(string.Join('\n', text)),
            PublishedAt = source.PublishedAt?.AddHours(1 + copy),
            ModifiedAt = null,
        };
    }

    /// <summary>A copy of an (edited or commentary) copy, crediting it.</summary>
    public static LineageMember Chain(IReadOnlyList<LineageMember> pool, int index, LineageMember copied, string url, int copy)
    {
        var random = new Random(index * 31 + copy);
        var template = pool[(index + 1 + random.Next(pool.Count - 1)) % pool.Count];
        return template with
        {
            Id = Pipeline.IdOf(url),
            Url = url,
            CanonicalText = CanonicalText.Normalize(string.Join('\n', Attributed([.. copied.CanonicalText.Split('\n')], copied, random))),
            PublishedAt = copied.PublishedAt?.AddHours(1),
            ModifiedAt = null,
        };
    }

    private static string OutletOf(LineageMember member) => member.PublisherName ?? member.SiteName ?? member.Host;

    private static List<string> Attributed(List<string> paragraphs, LineageMember source, Random random)
    {
        var credit = $"Source: {OutletOf(source)}";
        return random.Next(2) == 0 ? [credit, .. paragraphs] : [.. paragraphs, credit];
    }

    private static List<string> Commentary(List<string> paragraphs, IReadOnlyList<LineageMember> pool, int index, Random random)
    {
        var other = pool[(index + 1 + random.Next(pool.Count - 1)) % pool.Count].CanonicalText.Split('\n')
            .Where(p => p.Split(' ').Length >= 12).ToList();
        var own = other.Skip(other.Count / 2).Take(1 + random.Next(3)).ToList();
        return random.Next(2) == 0 ? [.. own, .. paragraphs] : [.. paragraphs, .. own];
    }

    private static List<string> Excerpt(List<string> paragraphs, LineageMember source, Random random)
    {
        var share = 0.2 + random.NextDouble() * 0.3;
        var kept = Math.Max(1, (int)Math.Ceiling(paragraphs.Count * share));
        return [.. paragraphs.Take(kept), $"Read the full story at {source.Host}"];
    }

    private static List<string> Edited(List<string> paragraphs, Random random)
    {
        var words = paragraphs.SelectMany(p => p.Split(' ')).Where(w => w.Length > 3 && w.All(char.IsLetter)).Distinct().ToList();
        var edited = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            var sentences = paragraph.Split(". ").ToList();
            if (sentences.Count > 2 && random.Next(4) == 0)
            {
                sentences.RemoveAt(random.Next(sentences.Count));
            }
            var tokens = string.Join(". ", sentences).Split(' ');
            if (words.Count > 0 && random.Next(3) == 0)
            {
                tokens[random.Next(tokens.Length)] = words[random.Next(words.Count)];
            }
            edited.Add(string.Join(' ', tokens));
        }
        if (edited.Count > 3)
        {
            var at = 1 + random.Next(edited.Count - 2);
            (edited[at], edited[at + 1]) = (edited[at + 1], edited[at]);
        }
        return edited;
    }
}
