// The reader benchmark (bench/reader.sh runs it). Two commands:
//   seed CONNECTION DATA_FOLDER ARTICLES QUERIES_FILE   migrate and fill a database, write the search query mix
//   measure BASE_URL ADMIN_KEY QUERIES_FILE FAMILY REQUESTS [CONNECTION]   against the running service: upload a FAMILY-member story family
//     through the API, then time article pages of its members and the search queries, one request at a time.
using Archive.Bench.Reader;

switch (args.FirstOrDefault())
{
    case "seed":
    {
        var pool = TextPool.Load(args[2]);
        Console.Error.WriteLine($"text pool: {pool.Paragraphs.Count:N0} paragraphs");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var sample = await Seeder.SeedAsync(args[1], pool, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), 14);
        Console.WriteLine($"seeded {int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture):N0} articles (indexed by the search triggers) in {watch.Elapsed.TotalSeconds:F0} s");
        await File.WriteAllLinesAsync(args[4], Queries.Build(sample, 400, 15));
        return 0;
    }
    case "measure":
        return await Measure.RunAsync(new Uri(args[1]), args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture), args.ElementAtOrDefault(6));
    default:
        Console.Error.WriteLine("usage: seed CONNECTION DATA_FOLDER ARTICLES QUERIES_FILE | measure BASE_URL ADMIN_KEY QUERIES_FILE FAMILY REQUESTS [CONNECTION]");
        return 2;
}
