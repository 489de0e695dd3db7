using System.CommandLine;

namespace Archive.Cli.Commands;

/// <summary><c>archive export [--article ID [--version V] | --publisher ID] [--from T] [--to T] [--format warc|cdxj|wacz] -o FILE</c>:
/// streams an export from the service to a file.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var article = new Option<Guid?>("--article") { Description = "Export every capture of this article." };
        var version = new Option<Guid?>("--version") { Description = "With --article: only this version's capture." };
        var publisher = new Option<Guid?>("--publisher") { Description = "Export every capture of this publisher's articles." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Captures captured at or after this time." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Captures captured before this time." };
        var format = new Option<string>("--format") { Description = "warc, cdxj or wacz.", DefaultValueFactory = _ => "warc" };
        format.AcceptOnlyFromAmong("warc", "cdxj", "wacz");
        var output = new Option<FileInfo>("--output", "-o") { Description = "The file to write.", Required = true };
        var server = ApiClient.ServerOption();
        var command = new Command("export", "Download captures as WARC 1.1, their CDXJ index, or a signed WACZ package.")
        {
            article, version, publisher, from, to, format, output, server,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(article), parse.GetValue(version), parse.GetValue(publisher), parse.GetValue(from),
            parse.GetValue(to), parse.GetValue(format)!, parse.GetValue(output)!, parse.GetValue(server)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(Guid? article, Guid? version, Guid? publisher, DateTimeOffset? from, DateTimeOffset? to, string format,
        FileInfo output, Uri server, CancellationToken ct)
    {
        if (article is not null && (publisher is not null || from is not null || to is not null) || version is not null && article is null)
        {
            Console.Error.WriteLine("Give --article (and optionally --version), or --publisher and/or --from/--to.");
            return 2;
        }
        var query = string.Join('&', new[]
        {
            version is { } v ? $"version={v}" : null,
            article is null && publisher is { } p ? $"publisher={p}" : null,
            from is { } f ? $"from={Uri.EscapeDataString(f.ToString("O"))}" : null,
            to is { } t ? $"to={Uri.EscapeDataString(t.ToString("O"))}" : null,
        }.Where(x => x is not null));
        var path = article is { } a ? $"/api/articles/{a}/{format}" : $"/api/export/{format}";
        using var api = new ApiClient(server);
        try
        {
            var bytes = await api.DownloadAsync(query.Length > 0 ? $"{path}?{query}" : path, output.FullName,
                written => Console.Error.Write($"\r{written / 1048576.0:0.0} MiB"), ct);
            Console.Error.WriteLine();
            Console.WriteLine($"{output.FullName}\t{bytes} bytes");
            return 0;
        }
        catch (ApiException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
