using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>What the block scorer knows about the whole page, gathered before any block is scored.</summary>
internal sealed record PageContext(
    IElement Body,
    DocumentStatistics Stats,
    IReadOnlySet<IElement> Picked,
    IReadOnlySet<IElement> MediaBoxes,
    IReadOnlySet<(IElement? Element, string Text)> Classic,
    IReadOnlyList<string> JsonLd,
    string? Title,
    bool OpenGraphArticle,
    IReadOnlyDictionary<IElement, int> Controls);

/// <summary>
/// Turns each block of a page into the numbers the block scorer reads: its own text (length, links, punctuation),
/// where it sits (tags and class/id families above it, distance to them), what the containers around it hold, what the
/// classic picker made of it, and what kind of page it is on. The order is fixed by <see cref="Names"/>; the training
/// tool writes the same order into the model file, which is checked at load.
/// </summary>
internal static class BlockFeatures
{
    private const int MaxAncestors = 14;
    private const int MaxRecordLevels = 8;
    private const int MinRecords = 3;
    private const int Neighbours = 2;

    private static readonly string[] OwnNames =
    [
        "chars", "words", "link_ratio", "commas", "ends_sentence", "digit_ratio", "upper_ratio", "avg_word", "sentences",
        "furniture_line", "byline_line", "link_heavy", "is_title", "kind_paragraph", "kind_heading", "heading_level",
        "kind_list_item", "kind_pre", "kind_table", "in_quote", "tag_p", "tag_div", "tag_cell", "tag_dl", "tag_container",
        "depth", "in_a", "in_li", "in_table", "in_main", "in_article", "in_section", "in_header", "in_form", "in_dl",
        "owner_chars", "owner_link_density", "up1_chars", "up1_link_density", "up1_prose_ratio", "up2_chars",
        "up2_link_density", "up2_prose_ratio", "up4_chars", "up4_link_density", "up4_prose_ratio", "up2_page_share",
        "in_picked", "in_classic", "in_media_box", "parent_repeats", "owner_repeats", "position", "char_position",
        "record_level", "record_count", "record_share", "record_link_density", "same_text", "page_share", "after_h1", "h1_distance",
        "currency", "owner_controls", "up1_controls", "up2_controls", "up4_controls",
    ];

    private static readonly string[] PageNames =
    [
        "page_blocks", "page_chars", "ld_article", "ld_product", "ld_forum", "ld_list", "ld_faq", "og_article",
        "has_main", "articles", "classic_share", "picked_share", "page_link_density", "page_record_share", "page_controls",
    ];

    private static readonly string[] NeighbourNames = ["chars", "link_ratio", "in_classic", "kind_heading", "ends_sentence"];

    public static IReadOnlyList<string> Names { get; } = BuildNames();

    private static string[] BuildNames()
    {
        var names = new List<string>(OwnNames);
        for (var i = 0; i < NameGroups.Count; i++)
        {
            names.Add($"name_group_{i}");
        }
        names.AddRange(Microdata.Families.Select(family => $"microdata_{family}"));
        names.AddRange(PageNames);
        foreach (var side in (string[])["prev", "next"])
        {
            for (var n = 1; n <= Neighbours; n++)
            {
                names.AddRange(NeighbourNames.Select(name => $"{side}{n}_{name}"));
            }
        }
        return [.. names];
    }

    public static float[][] Compute(IReadOnlyList<ContentBlock> blocks, PageContext page)
    {
        // One row a block: its own features first, then the page's and its neighbours' once every block has its own.
        var rows = new float[blocks.Count][];
        var totalChars = 0;
        var sameText = new Dictionary<string, int>(StringComparer.Ordinal);
        var headline = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            totalChars += block.Text.Length;
            sameText[block.Text] = sameText.GetValueOrDefault(block.Text) + 1;
            if (headline < 0 && block.Kind == BlockKind.Heading && block.Level == 1)
            {
                headline = i;
            }
        }
        var tree = new TreeContext(page);
        var offset = 0;
        var recordShare = 0f;
        for (var i = 0; i < blocks.Count; i++)
        {
            var row = rows[i] = new float[Names.Count];
            Own(row, blocks[i], page, tree, (float)i / Math.Max(1, blocks.Count - 1), (float)offset / Math.Max(1, totalChars));
            offset += blocks[i].Text.Length;
            row[SameText] = Log(sameText[blocks[i].Text] - 1);
            row[PageShare] = (float)blocks[i].Text.Length / Math.Max(1, totalChars);
            row[AfterHeadline] = headline < 0 ? -1 : i > headline ? 1 : 0;
            row[HeadlineDistance] = headline < 0 ? 0 : (float)(i - headline) / blocks.Count;
            recordShare = Math.Max(recordShare, row[RecordShare]);
        }
        var pageFeatures = PageFeatures(blocks, page, totalChars, recordShare);
        var ownCount = OwnCount;
        int chars = Index("chars"), links = Index("link_ratio"), inClassic = Index("in_classic"), heading = Index("kind_heading"),
            ends = Index("ends_sentence");
        for (var i = 0; i < blocks.Count; i++)
        {
            var row = rows[i];
            Array.Copy(pageFeatures, 0, row, ownCount, pageFeatures.Length);
            var at = ownCount + pageFeatures.Length;
            for (var step = -1; step <= 1; step += 2)
            {
                for (var n = 1; n <= Neighbours; n++, at += NeighbourNames.Length)
                {
                    var j = i + step * n;
                    if (j >= 0 && j < blocks.Count)
                    {
                        row[at] = rows[j][chars];
                        row[at + 1] = rows[j][links];
                        row[at + 2] = rows[j][inClassic];
                        row[at + 3] = rows[j][heading];
                        row[at + 4] = rows[j][ends];
                    }
                    else
                    {
                        row[at] = -1;
                    }
                }
            }
        }
        return rows;
    }

    private static int OwnCount => OwnNames.Length + NameGroups.Count + Microdata.Count;

    /// <summary>
    /// Fills in the classic reading's verdict once it is known: it removes elements, so it runs after every other
    /// feature has been read from the full tree.
    /// </summary>
    public static void AddClassic(IReadOnlyList<ContentBlock> blocks, float[][] rows, PageContext page)
    {
        var own = Index("in_classic");
        var share = Index("classic_share");
        var classicChars = 0;
        foreach (var (_, text) in page.Classic)
        {
            classicChars += text.Length;
        }
        var totalChars = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            totalChars += blocks[i].Text.Length;
            rows[i][own] = page.Classic.Contains((blocks[i].Element, blocks[i].Text)) ? 1 : 0;
        }
        for (var i = 0; i < blocks.Count; i++)
        {
            rows[i][share] = (float)classicChars / Math.Max(1, totalChars);
            foreach (var (offset, index) in NeighbourInClassic)
            {
                var j = i + offset;
                if (j >= 0 && j < blocks.Count)
                {
                    rows[i][index] = rows[j][own];
                }
            }
        }
    }

    private static readonly Dictionary<string, int> Indexes = Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);

    private static int Index(string name) => Indexes[name];

    // Where each neighbour's in_classic goes ("prev1_in_classic" for the block before, …).
    private static readonly (int Offset, int Index)[] NeighbourInClassic =
        [.. Enumerable.Range(1, Neighbours).SelectMany(n => (int[])[-n, n])
            .Select(offset => (offset, Index($"{(offset < 0 ? "prev" : "next")}{Math.Abs(offset)}_in_classic")))];

    private static readonly int RecordLevel = Index("record_level");
    private static readonly int RecordCount = Index("record_count");
    private static readonly int RecordShare = Index("record_share");
    private static readonly int RecordLinkDensity = Index("record_link_density");
    private static readonly int SameText = Index("same_text");
    private static readonly int PageShare = Index("page_share");
    private static readonly int AfterHeadline = Index("after_h1");
    private static readonly int HeadlineDistance = Index("h1_distance");
    private static readonly int Currency = Index("currency");
    private static readonly int OwnerControls = Index("owner_controls");

    // Fills the first OwnCount features of the row.
    private static void Own(float[] f, ContentBlock block, PageContext page, TreeContext tree, float position, float charPosition)
    {
        var text = block.Text;
        var (words, digits, letters, upper, commas, sentences, currency) = Count(text);
        var owner = block.Element ?? page.Body;
        var stats = page.Stats;
        var ownerStats = stats[owner];
        var linkRatio = block.Kind == BlockKind.Table || ownerStats.InlineText == 0
            ? ownerStats.LinkDensity
            : (double)ownerStats.InlineLinkText / ownerStats.InlineText;
        f[0] = Log(text.Length);
        f[1] = Log(words);
        f[2] = (float)linkRatio;
        f[3] = Log(commas);
        f[4] = text.Length > 0 && text[^1] is '.' or '!' or '?' or '"' or '”' or ')' or ':' or '。' ? 1 : 0;
        f[5] = text.Length == 0 ? 0 : (float)digits / text.Length;
        f[6] = letters == 0 ? 0 : (float)upper / letters;
        f[7] = words == 0 ? 0 : (float)text.Length / words;
        f[8] = Log(sentences);
        f[9] = LineClassifier.IsFurniture(text) ? 1 : 0;
        f[10] = LineClassifier.IsByline(text) ? 1 : 0;
        f[11] = block.LinkHeavy ? 1 : 0;
        f[Currency] = Log(currency);
        f[12] = page.Title is not null && BlockCollector.NormalizesTo(text, page.Title) ? 1 : 0;
        f[13] = block.Kind == BlockKind.Paragraph ? 1 : 0;
        f[14] = block.Kind == BlockKind.Heading ? 1 : 0;
        f[15] = block.Kind == BlockKind.Heading ? block.Level : 0;
        f[16] = block.Kind == BlockKind.ListItem ? 1 : 0;
        f[17] = block.Kind == BlockKind.Preformatted ? 1 : 0;
        f[18] = block.Kind == BlockKind.Table ? 1 : 0;
        f[19] = block.Quote is null ? 0 : 1;
        var tag = owner.LocalName;
        f[20] = tag == "p" ? 1 : 0;
        f[21] = tag == "div" ? 1 : 0;
        f[22] = tag is "td" or "th" ? 1 : 0;
        f[23] = tag is "dd" or "dt" ? 1 : 0;
        f[24] = tag is "section" or "article" or "main" or "body" ? 1 : 0;

        // Tags and heuristics' verdicts above the block come from one pass over the tree (any depth); names and
        // container sizes from a walk of at most MaxAncestors levels, so deep nesting costs no more per block.
        var (context, depth) = tree.Ancestry(owner);
        f[26] = context & 1;
        for (var bit = 1; bit <= 8; bit++)
        {
            f[26 + bit] = (context >> bit) & 1;
        }
        var inPicked = (context & TreeContext.PickedBit) != 0;
        var inMedia = (context & TreeContext.MediaBit) != 0;
        var groups = NameGroups.Count;
        Span<int> nearest = stackalloc int[groups + Microdata.Count];
        nearest.Fill(-1);
        var record = -1;
        var bodyText = Math.Max(1, stats[page.Body].Text);
        var level = 0;
        for (IElement? element = owner; element is not null && element != page.Body && level < MaxAncestors; element = element.ParentElement, level++)
        {
            var (names, items) = tree.Marks(element);
            var mask = names | items << groups;
            for (var g = 0; g < nearest.Length; g++)
            {
                if (nearest[g] < 0 && (mask & (1 << g)) != 0)
                {
                    nearest[g] = level;
                }
            }
            // The nearest repeated unit above the block (a card, post or row among at least three like it).
            if (record < 0 && level < MaxRecordLevels && tree.SameKind(element) is { Count: >= MinRecords } unit)
            {
                record = level;
                f[RecordLevel] = 1f / (1 + level);
                f[RecordCount] = Log(unit.Count);
                f[RecordShare] = (float)unit.Text / bodyText;
                f[RecordLinkDensity] = unit.Text == 0 ? 0 : (float)unit.LinkText / unit.Text;
            }
            if (level is 0 or 1 or 2 or 4)
            {
                f[OwnerControls + (level == 4 ? 3 : level)] = Log(page.Controls.GetValueOrDefault(element));
            }
            if (level is 1 or 2 or 4)
            {
                var at = level switch { 1 => 37, 2 => 40, _ => 43 };
                var up = stats[element];
                f[at] = Log(up.Text);
                f[at + 1] = (float)up.LinkDensity;
                f[at + 2] = up.Text == 0 ? 0 : (float)up.Prose / up.Text;
                if (level == 2)
                {
                    f[46] = (float)up.Text / bodyText;
                }
            }
        }
        f[25] = Log(depth);
        f[35] = Log(ownerStats.Text);
        f[36] = (float)ownerStats.LinkDensity;
        f[47] = inPicked ? 1 : 0;
        f[48] = page.Classic.Contains((block.Element, block.Text)) ? 1 : 0;
        f[49] = inMedia ? 1 : 0;
        f[50] = Log(owner.ParentElement is { } parent ? tree.SameClass(parent).Count - 1 : 0);
        f[51] = Log(tree.SameClass(owner).Count - 1);
        f[52] = position;
        f[53] = charPosition;
        for (var g = 0; g < nearest.Length; g++)
        {
            f[OwnNames.Length + g] = nearest[g] < 0 ? 0 : 1f / (1 + nearest[g]);
        }
    }

    private static float[] PageFeatures(IReadOnlyList<ContentBlock> blocks, PageContext page, int totalChars, float recordShare)
    {
        var ld = string.Join(' ', page.JsonLd);
        var classicChars = 0;
        foreach (var (_, text) in page.Classic)
        {
            classicChars += text.Length;
        }
        var pickedChars = 0;
        foreach (var root in page.Picked)
        {
            pickedChars += page.Stats[root].Text;
        }
        var bodyText = Math.Max(1, page.Stats[page.Body].Text);
        return
        [
            Log(blocks.Count),
            Log(totalChars),
            Has(ld, "Article") || Has(ld, "BlogPosting") ? 1 : 0,
            Has(ld, "\"Product\"") || Has(ld, "\"Offer\"") ? 1 : 0,
            Has(ld, "DiscussionForumPosting") || Has(ld, "QAPage") || Has(ld, "\"Question\"") ? 1 : 0,
            Has(ld, "ItemList") || Has(ld, "CollectionPage") || Has(ld, "SearchResultsPage") ? 1 : 0,
            Has(ld, "FAQPage") ? 1 : 0,
            page.OpenGraphArticle ? 1 : 0,
            page.Body.QuerySelector("main, [role=main]") is null ? 0 : 1,
            Log(DomChildren.Descendants(page.Body, "article", found: null)),
            (float)classicChars / Math.Max(1, totalChars),
            Math.Min(1f, (float)pickedChars / bodyText),
            (float)page.Stats[page.Body].LinkDensity,
            recordShare,
            Log(page.Controls.GetValueOrDefault(page.Body)),
        ];
    }

    private static bool Has(string text, string value) => text.Contains(value, StringComparison.Ordinal);

    private static float Log(int value) => MathF.Log(1 + Math.Max(0, value));

    private static (int Words, int Digits, int Letters, int Upper, int Commas, int Sentences, int Currency) Count(string text)
    {
        int words = 0, digits = 0, letters = 0, upper = 0, commas = 0, sentences = 0, currency = 0;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsLetterOrDigit(ch))
            {
                if (!inWord)
                {
                    words++;
                    inWord = true;
                }
                if (char.IsDigit(ch))
                {
                    digits++;
                }
                else
                {
                    letters++;
                    if (char.IsUpper(ch))
                    {
                        upper++;
                    }
                }
            }
            else
            {
                inWord = false;
                if (ch is ',' or '，' or '、')
                {
                    commas++;
                }
                else if (ch is '.' or '!' or '?' or '。' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
                {
                    sentences++;
                }
                // '$' is ASCII's one currency symbol: spaces and punctuation are not looked up.
                else if (char.IsAscii(ch) ? ch == '$' : char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.CurrencySymbol)
                {
                    currency++;
                }
            }
        }
        return (words, digits, letters, upper, commas, sentences, currency);
    }
}
