using System.Text.Json;
using Archive.Api.Lineage;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Microsoft.Extensions.Options;

namespace Archive.Api.Articles;

/// <summary>The upload's answer for an article in a family, built for <see cref="LineageWarmUp"/>: its reads, the lineage
/// it shows and its JSON, written with the options the API answers with.</summary>
internal sealed class FamilyAnswerWarmUp(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions) : IFamilyAnswerWarmUp
{
    public async Task<ArticleLineage?> AnswerAsync(IServiceProvider scope, Guid articleId, DateTimeOffset now, CancellationToken ct)
    {
        var answer = await scope.GetRequiredService<StoredAnswerReads>().ReadAsync(articleId, Guid.Empty, ct);
        if (answer.Article is not { } row)
        {
            return null;
        }
        var response = Answer(row, answer.Family, now);
        await JsonSerializer.SerializeAsync(Stream.Null, response, jsonOptions.Value.SerializerOptions, ct);
        return response.Lineage;
    }

    /// <summary>The made-up copy's answer as an upload gives it, from a made-up capture and version.</summary>
    private static ArticleResponse Answer(AnswerArticle row, Family family, DateTimeOffset now)
    {
        var capture = new Capture
        {
            RequestedUrl = row.Url, FinalUrl = row.Url, RedirectChain = "[]", ResponseHeaders = "{}", RawCompressed = [], RawLength = 0,
            RawSha256 = "", CapturedAt = now, Source = CaptureSource.Uploaded, StoredAt = now,
        };
        var version = new ArticleVersion
        {
            ArticleId = row.Id, CaptureId = capture.Id, CapturedAt = now, Text = "", Html = "", ContentHash = "", Evidence = new([], [], [], [], null), CreatedAt = now,
        };
        return ArticleReader.Stored(row, CaptureRef.Of(capture), version, null, 0) with { Lineage = LineageReader.ForArticle(row.Id, family) };
    }
}
