using Archive.Engine;
using Archive.Engine.Decoding;

/// <summary>
/// `fresh` mode: what a page costs the engine the first time its lines are seen against a later time. `archive extract
/// --timings` times a second pass over the same pages, so the extractor's memo of line verdicts (LineClassifier,
/// NameGroups) already holds every line; an upload of the load bench is a page whose words were shuffled, seen once.
/// Bodies [0, count) are processed once untimed; then, alternated page by page, body count+i (seen for the first time: with
/// COUNT 972, the load bench's pool, it is page i's markup with its words shuffled; with fewer, another page) and body i
/// (seen); then bodies [count, 2 count) a second time, so first and second sight compare on the same pages.
/// </summary>
internal static class FreshPages
{
    public static void Run(IReadOnlyList<string> seen, IReadOnlyList<string> fresh)
    {
        var processor = new PageProcessor();
        foreach (var html in seen)
        {
            Process(processor, html);
        }
        var (firstSight, again, freshAgain) = (0.0, 0.0, 0.0);
        for (var i = 0; i < seen.Count; i++)
        {
            if (i % 2 == 0)
            {
                firstSight += Process(processor, fresh[i]);
                again += Process(processor, seen[i]);
            }
            else
            {
                again += Process(processor, seen[i]);
                firstSight += Process(processor, fresh[i]);
            }
        }
        foreach (var html in fresh)
        {
            freshAgain += Process(processor, html);
        }
        Console.WriteLine($"{seen.Count} pages; ms of thread CPU per page, process (url null); load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"shuffled page, first sight     {firstSight / seen.Count,8:F3}");
        Console.WriteLine($"original page, seen before     {again / seen.Count,8:F3}");
        Console.WriteLine($"shuffled page, second sight    {freshAgain / seen.Count,8:F3}");
    }

    private static double Process(PageProcessor processor, string html)
    {
        var started = Clock.Now();
        processor.Process(new DecodedHtml(html, "utf-8", CharsetSource.ContentType), null);
        return Clock.Now() - started;
    }
}
