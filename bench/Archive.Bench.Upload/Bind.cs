using System.Text.Json;
using Archive.Api.Captures;

/// <summary>
/// The JSON form's binding alone, both ways, alternated body by body: the binder reading the buffered body as sent (its
/// reader walks html byte by byte after its first escape, then unescapes it), and html unescaped first
/// (<see cref="JsonHtmlValue"/>) with the binder reading the rest. Thread CPU a body; the copy of the body each needs
/// (the service reads it into a pooled buffer) is outside the timing.
/// </summary>
internal static class Bind
{
    public static void Run(string dir, int count, int passes)
    {
        var json = Enumerable.Range(0, count).Select(i => File.ReadAllBytes(Path.Combine(dir, $"{i}.json"))).ToArray();
        var buffer = new byte[json.Max(b => b.Length)];
        double binder = 0, scanned = 0, take = 0;
        var taken = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var timed = pass > 0;
            for (var i = 0; i < count; i++)
            {
                for (var side = 0; side < 2; side++)
                {
                    var body = buffer.AsSpan(0, json[i].Length);
                    json[i].CopyTo(body);
                    var started = Clock.Now();
                    if ((side + i + pass) % 2 == 0)
                    {
                        JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!.Dispose();
                        binder += timed ? Clock.Now() - started : 0;
                    }
                    else
                    {
                        var page = JsonHtmlValue.Take(body);
                        take += timed ? Clock.Now() - started : 0;
                        using (page is null ? null : JsonHtmlValue.Offer(page))
                        {
                            JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!.Dispose();
                        }
                        scanned += timed ? Clock.Now() - started : 0;
                        taken += timed && json[i].AsSpan().SequenceEqual(body) is false ? 1 : 0;
                    }
                }
            }
        }
        var bodies = (double)count * (passes - 1);
        Console.WriteLine($"{count} bodies ({json.Sum(b => (long)b.Length) / count / 1024} KiB on average), {passes - 1} timed pass(es); " +
            $"load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"binder as sent          {binder / bodies * 1000,8:F1} µs of thread CPU a body");
        Console.WriteLine($"html unescaped first    {scanned / bodies * 1000,8:F1} µs of thread CPU a body ({taken / bodies:P0} taken; the unescape alone {take / bodies * 1000:F1} µs)");
    }
}
