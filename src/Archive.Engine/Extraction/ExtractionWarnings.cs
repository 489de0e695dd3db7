namespace Archive.Engine.Extraction;

/// <summary>Signs that the clean text may not be the article, told to the user rather than stored silently.</summary>
public static class ExtractionWarnings
{
    /// <summary>The page gave no article text at all.</summary>
    public const string NoArticleText = "no-article-text";

    /// <summary>The text is shorter than any real article (<see cref="ShortTextWords"/> words): likely a teaser or a wall.</summary>
    public const string ShortText = "short-text";

    public const int ShortTextWords = 50;

    /// <summary>The page held more text than the engine reads (<see cref="ExtractionLimits.MaxTextChars"/>); the text is from its first part.</summary>
    public const string TextCut = "text-cut";

    public static IReadOnlyList<string> For(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [NoArticleText];
        }
        return Words(text, ShortTextWords) < ShortTextWords ? [ShortText] : [];
    }

    // Counting stops at the limit: only whether a text is short is asked, and an article reaches it in its first lines.
    internal static int Words(string text, int limit = int.MaxValue)
    {
        var words = 0;
        var inWord = false;
        foreach (var ch in text)
        {
            var letter = char.IsLetterOrDigit(ch);
            if (letter && !inWord && ++words >= limit)
            {
                return words;
            }
            inWord = letter;
        }
        return words;
    }
}
