using System.Globalization;
using Archive.Train;

// Trains the block scorer on the development sets only and reports cross-validation grouped by site.
// usage: dotnet run --project tools/Archive.Train -c Release -- [SHARED_DIR] [MODEL_OUT]
// environment: PAGE_CACHE=file (analysed pages, reused while it exists), FOLDS (5), TREES (300), LEAVES (32), MIN_LEAF (20),
//              LEARNING_RATE (0.1), FEATURE_FRACTION and SPLIT_FRACTION (1.0: every feature for every tree and split),
//              CV_OUT=dir (held-out texts per set, for the benchmark scorers), CV_ONLY=1 (no final model),
//              FOLDS=0 with THRESHOLD (0.35): no cross-validation, for a quick model to profile with
//        dotnet run --project tools/Archive.Train -c Release -- explain PAGE.html[.gz] [MODEL]
if (args is ["explain", var page, ..])
{
    Explain.Run(page, args.Length > 2 ? args[2] : null);
    return;
}
var shared = args.Length > 0 ? args[0] : "/work/shared";
var output = args.Length > 1 ? args[1] : Path.Combine("src", "Archive.Engine", "Extraction", "Scoring", "block-model.txt");
var folds = int.Parse(Environment.GetEnvironmentVariable("FOLDS") ?? "5", CultureInfo.InvariantCulture);

var watch = System.Diagnostics.Stopwatch.StartNew();
var pages = Pages.Load(shared, Environment.GetEnvironmentVariable("PAGE_CACHE"));
Console.WriteLine($"{pages.Count} pages, {pages.Sum(p => p.Texts.Length)} blocks, "
    + $"{pages.Sum(p => p.Labels.Count(l => l))} content blocks, {pages.Select(p => p.Site).Distinct().Count()} sites "
    + $"({watch.Elapsed.TotalSeconds:F0} s)");

var trainer = new Trainer();
// FOLDS=0 skips cross-validation (a quick model for profiling, at THRESHOLD): never a model to ship unmeasured.
var threshold = double.Parse(Environment.GetEnvironmentVariable("THRESHOLD") ?? "0.35", CultureInfo.InvariantCulture);
if (folds > 1)
{
    var probabilities = CrossValidation.Run(pages, folds, trainer);
    threshold = CrossValidation.Report(pages, probabilities);
    if (Environment.GetEnvironmentVariable("CV_OUT") is { Length: > 0 } cvOut)
    {
        CrossValidation.Write(cvOut, pages, probabilities, threshold);
        Console.WriteLine($"held-out texts written to {cvOut}/cv-<set>.json");
    }
}
if (Environment.GetEnvironmentVariable("CV_ONLY") == "1")
{
    return;
}

var final = trainer.Train(pages, threshold);
using (var writer = new StreamWriter(output))
{
    final.Write(writer);
}
Console.WriteLine($"model written to {output} ({new FileInfo(output).Length / 1024} KB, threshold {threshold:F2}, {watch.Elapsed.TotalSeconds:F0} s)");
