using System.Text.Json.Nodes;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Lineage;
using Archive.Engine.Text;

namespace Archive.Api.Export;

/// <summary>
/// An article's provenance as W3C PROV-O in JSON-LD. Entities: the article, each version, its clean text and the capture
/// it came from. Activities: each fetch or upload, each cleaning, the lineage decision. Agents: the publisher, the
/// submitter, the archive's software. Republications are <c>prov:wasDerivedFrom</c>, refined to <c>prov:wasQuotedFrom</c>
/// for excerpt reuse and <c>prov:wasRevisionOf</c> for edited reuse, each with a qualified derivation carrying both axes
/// (how the source is declared, how the text was reused), the summary kind, the basis and the figures. Identifiers are
/// the service's own URLs, so every node can be dereferenced.
/// </summary>
public sealed class ProvenanceWriter(ProvenanceReads reads)
{
    public const string Vocabulary = "https://archive.invalid/ns#";

    public static readonly JsonObject Context = new()
    {
        ["prov"] = "http://www.w3.org/ns/prov#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["schema"] = "https://schema.org/",
        ["archive"] = Vocabulary,
        ["generatedAtTime"] = Typed("prov:generatedAtTime", "xsd:dateTime"),
        ["startedAtTime"] = Typed("prov:startedAtTime", "xsd:dateTime"),
        ["endedAtTime"] = Typed("prov:endedAtTime", "xsd:dateTime"),
        ["wasGeneratedBy"] = Id("prov:wasGeneratedBy"),
        ["wasDerivedFrom"] = Id("prov:wasDerivedFrom"),
        ["wasQuotedFrom"] = Id("prov:wasQuotedFrom"),
        ["wasRevisionOf"] = Id("prov:wasRevisionOf"),
        ["wasAttributedTo"] = Id("prov:wasAttributedTo"),
        ["wasAssociatedWith"] = Id("prov:wasAssociatedWith"),
        ["actedOnBehalfOf"] = Id("prov:actedOnBehalfOf"),
        ["specializationOf"] = Id("prov:specializationOf"),
        ["used"] = Id("prov:used"),
        ["entity"] = Id("prov:entity"),
        ["hadActivity"] = Id("prov:hadActivity"),
        ["qualifiedDerivation"] = Id("prov:qualifiedDerivation"),
        ["atLocation"] = Id("prov:atLocation"),
        ["url"] = Id("schema:url"),
        ["name"] = "schema:name",
        ["label"] = "http://www.w3.org/2000/01/rdf-schema#label",
        ["sha256"] = "archive:sha256",
        ["contentHash"] = "archive:contentHash",
        ["source"] = "archive:captureSource",
        ["kind"] = "archive:lineageKind",
        ["declaredBy"] = "archive:declaredBy",
        ["reuse"] = "archive:reuse",
        ["basis"] = "archive:evidenceBasis",
        ["similarity"] = Typed("archive:similarity", "xsd:double"),
        ["containment"] = Typed("archive:containment", "xsd:double"),
        ["logIndex"] = Typed("archive:logIndex", "xsd:long"),
    };

    public async Task<JsonObject?> ForArticleAsync(Guid articleId, Uri baseUrl, CancellationToken ct)
    {
        var data = await reads.ForArticleAsync(articleId, ct);
        if (data is null)
        {
            return null;
        }
        var ids = new Ids(baseUrl);
        var graph = new JsonArray();
        var software = new JsonObject { ["@id"] = ids.Software, ["@type"] = new JsonArray("prov:SoftwareAgent"), ["label"] = "Archive" };
        graph.Add(software);
        var article = data.Article;
        graph.Add(new JsonObject
        {
            ["@id"] = ids.Article(article.Id), ["@type"] = new JsonArray("prov:Entity", "schema:NewsArticle"), ["url"] = article.Url,
            ["wasAttributedTo"] = article.PublisherId is { } p ? ids.Publisher(p) : null,
        });
        if (article.PublisherId is { } publisherId)
        {
            graph.Add(new JsonObject
            {
                ["@id"] = ids.Publisher(publisherId), ["@type"] = new JsonArray("prov:Agent", "prov:Organization"),
                ["name"] = article.PublisherName, ["url"] = $"https://{article.PublisherDomain}/",
            });
        }
        foreach (var submitter in data.Versions.Select(v => v.SubmittedBy).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            graph.Add(new JsonObject { ["@id"] = ids.Submitter(submitter), ["@type"] = new JsonArray("prov:Agent"), ["label"] = submitter });
        }
        foreach (var v in data.Versions)
        {
            AddVersion(graph, ids, article, v);
        }
        foreach (var link in data.Links)
        {
            AddLink(graph, ids, link);
        }
        return new JsonObject { ["@context"] = Context.DeepClone(), ["@graph"] = graph };
    }

    private static void AddVersion(JsonArray graph, Ids ids, ProvenanceArticle article, ProvenanceVersion v)
    {
        var fetched = v.Source == CaptureSource.Fetched;
        var capture = ids.Capture(v.CaptureId);
        var acquisition = capture + (fetched ? "#fetch" : "#upload");
        graph.Add(new JsonObject
        {
            ["@id"] = capture, ["@type"] = new JsonArray("prov:Entity", "archive:Capture"), ["generatedAtTime"] = v.CapturedAt,
            ["wasGeneratedBy"] = acquisition, ["atLocation"] = v.FinalUrl, ["sha256"] = "sha256:" + v.RawSha256,
            ["source"] = EnumText.Of(v.Source), ["logIndex"] = v.LogIndex,
        });
        // A fetch is the archive's own observation, done for the submitter; an upload is the submitter's claim.
        var associated = new JsonArray(fetched ? ids.Software : null);
        if (v.SubmittedBy is { } who)
        {
            associated.Add(ids.Submitter(who));
        }
        graph.Add(new JsonObject
        {
            ["@id"] = acquisition, ["@type"] = new JsonArray("prov:Activity", fetched ? "archive:Fetch" : "archive:Upload"),
            ["endedAtTime"] = v.CapturedAt, ["used"] = v.RequestedUrl,
            ["wasAssociatedWith"] = new JsonArray([.. associated.Where(a => a is not null).Select(a => a!.DeepClone())]),
        });
        var version = ids.Version(article.Id, v.VersionId);
        var cleaning = version + "#clean";
        graph.Add(new JsonObject
        {
            ["@id"] = cleaning, ["@type"] = new JsonArray("prov:Activity", "archive:Clean"), ["used"] = capture,
            ["endedAtTime"] = v.CreatedAt, ["wasAssociatedWith"] = ids.Software,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = version, ["@type"] = new JsonArray("prov:Entity", "archive:ArticleVersion"), ["name"] = v.Title,
            ["specializationOf"] = ids.Article(article.Id), ["wasDerivedFrom"] = capture, ["wasGeneratedBy"] = cleaning,
            ["generatedAtTime"] = v.CreatedAt, ["wasAttributedTo"] = article.PublisherId is { } p ? ids.Publisher(p) : null,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = ids.Text(article.Id, v.VersionId), ["@type"] = new JsonArray("prov:Entity", "archive:CleanText"),
            ["contentHash"] = ContentHash.Prefix + v.ContentHash, ["wasDerivedFrom"] = capture, ["wasGeneratedBy"] = cleaning,
            ["specializationOf"] = version,
        });
    }

    private static void AddLink(JsonArray graph, Ids ids, ProvenanceLink link)
    {
        var copy = ids.Article(link.RepublicationId);
        var source = ids.Article(link.DerivedFromId);
        var decision = copy + "#lineage";
        var node = new JsonObject
        {
            ["@id"] = copy, ["url"] = link.RepublicationUrl, ["wasDerivedFrom"] = source,
            ["qualifiedDerivation"] = new JsonObject
            {
                ["@type"] = "prov:Derivation", ["entity"] = source, ["hadActivity"] = decision, ["kind"] = EnumText.Of(link.Kind),
                ["declaredBy"] = EnumText.Of(link.DeclaredBy), ["reuse"] = EnumText.Of(link.Reuse), ["basis"] = EnumText.Of(link.Basis),
                ["similarity"] = link.Similarity, ["containment"] = link.Containment,
            },
        };
        // PROV's own refinements of a derivation, read from how the text was reused (whatever declared the source): an
        // excerpt quotes, an edited copy revises.
        if (link.Reuse == LineageReuse.Excerpt)
        {
            node["wasQuotedFrom"] = source;
        }
        else if (link.Reuse == LineageReuse.Edited)
        {
            node["wasRevisionOf"] = source;
        }
        graph.Add(node);
        graph.Add(new JsonObject { ["@id"] = source, ["url"] = link.DerivedFromUrl });
        graph.Add(new JsonObject
        {
            ["@id"] = decision, ["@type"] = new JsonArray("prov:Activity", "archive:LineageDecision"), ["endedAtTime"] = link.ComputedAt,
            ["used"] = new JsonArray(copy, source), ["wasAssociatedWith"] = ids.Software,
        });
    }

    private static JsonObject Typed(string id, string type) => new() { ["@id"] = id, ["@type"] = type };

    private static JsonObject Id(string id) => new() { ["@id"] = id, ["@type"] = "@id" };

    private sealed class Ids(Uri baseUrl)
    {
        private readonly string _root = baseUrl.GetLeftPart(UriPartial.Authority);

        public string Software => _root + "/#software";

        public string Article(Guid id) => $"{_root}/api/articles/{id}";

        public string Version(Guid article, Guid version) => $"{_root}/api/articles/{article}?version={version}";

        public string Text(Guid article, Guid version) => $"{_root}/api/articles/{article}/text?version={version}";

        public string Capture(Guid id) => $"{_root}/api/captures/{id}";

        public string Publisher(Guid id) => $"{_root}/api/publishers/{id}";

        public string Submitter(string who) => $"{_root}/api/keys#{Uri.EscapeDataString(who)}";
    }
}
