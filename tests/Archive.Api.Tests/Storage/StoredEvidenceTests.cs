using System.Text;
using System.Text.Json;
using Archive.Data.Stores;
using Archive.Engine.Lineage;

namespace Archive.Api.Tests.Storage;

/// <summary>The family read parses a link's evidence where it lies (<see cref="StoredEvidence"/>): it must give what the
/// serializer gave with the web defaults the column is written with, on any text the column can hold.</summary>
public sealed class StoredEvidenceTests
{
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Texts() =>
    [
        "[]",
        """[{"by": "key:01a235ef-5237-7f9c-9d7a-c31fc19f09bd", "of": "copy", "type": "attributionName", "basis": "claimed", "detail": "Source: Bench Harbour Gazette"}, {"by": null, "of": null, "type": "text", "basis": null, "detail": "similarity 1.000, 718 shared shingles"}]""",
        // Escapes, characters beyond the BMP, markup, a value just over and under the pooled length, names in another case,
        // members missing, unknown members of every kind.
        """[{"Type": "attributionName", "DETAIL": "Quelle: Zürcher \u0022Tide\u0022 <b>&amp;</b> 🌊\n", "extra": {"a": [1, {"b": null}]}, "more": 3}]""",
        $$"""[{"type": "reuse", "detail": "{{new string('x', 129)}}"}, {"type": "reuse", "detail": "{{new string('é', 64)}}"}, {"detail": "{{new string('y', 128)}}", "of": "source"}]""",
        """[{"type": "t\u0079pe", "detail": "", "by": "archive", "basis": "observed", "of": "copy"}, {"ty\u0070e": "escaped name", "detail": "d"}]""",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Evidence_reads_as_the_serializer_reads_it(string json)
    {
        var expected = JsonSerializer.Deserialize<List<LineageEvidence>>(json, Stored)!;
        var evidence = new StoredEvidence();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var actual = evidence.Read(stream);
        evidence.Release();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_value_repeated_across_items_and_links_is_one_string()
    {
        const string link = """[{"type": "captured", "detail": "uploaded", "of": "source", "by": "key:01a235ef-5237-7f9c-9d7a-c31fc19f09bd"}]""";
        var evidence = new StoredEvidence();
        var first = evidence.Read(Encoding.UTF8.GetBytes(link))[0];
        var second = evidence.Read(Encoding.UTF8.GetBytes(link))[0];
        evidence.Release();

        Assert.Equal(first, second);
        Assert.Same(first.By, second.By);
        Assert.Same(first.Type, second.Type);
    }

    [Fact]
    public void Text_longer_than_the_first_buffer_is_read_whole()
    {
        var items = Enumerable.Range(0, 400).Select(i => new LineageEvidence("text", $"detail {i} " + new string('z', i), "copy", EvidenceBasis.Observed, "archive"))
            .ToList();
        var json = JsonSerializer.Serialize(items, Stored);
        var evidence = new StoredEvidence();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var actual = evidence.Read(stream);
        evidence.Release();

        Assert.Equal(items, actual);
    }
}
