namespace Archive.Engine.Extraction.Nesting;

/// <summary>Lower-cases tag names (ASCII only, as the tokenizer does) once per distinct spelling, so a page of a million tags
/// allocates a few strings; the name's <see cref="TagKind"/> is looked up with it.</summary>
internal sealed class TagNames
{
    private const int MaxKept = 4096;

    // Keyed by exact spelling: case-insensitive comparers fold non-ASCII letters too ('ı' to 'I'), the tokenizer does not.
    private readonly Dictionary<string, Tag> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tag>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TagNames() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public Tag Get(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var known))
        {
            return known;
        }
        var lower = string.Create(name.Length, name, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
            }
        });
        var tag = new Tag(lower);
        if (_names.Count < MaxKept)
        {
            _names[name.ToString()] = tag;
        }
        return tag;
    }
}
