using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Content;

/// <summary>
/// Reads attributes by a lower-case name. AngleSharp's <c>GetAttribute</c> lower-cases the name it is asked for on
/// every call to an HTML element (the parser stores attribute names lower-cased), and the engine asks for a handful of
/// fixed names on every element, several times a page: ~1% of extraction's CPU went to lower-casing names that were
/// already lower-case. For such a name the answer is the same on every element, HTML or foreign.
/// </summary>
internal static class DomAttributes
{
    /// <summary><c>GetAttribute</c> of <paramref name="lowerCaseName"/>, which must hold no upper-case letter.</summary>
    public static string? Attribute(this IElement element, string lowerCaseName) =>
        element.Attributes.GetNamedItem(lowerCaseName)?.Value;
}
