using System.CommandLine;
using Archive.Cli.Commands;

var root = new RootCommand("Archive: provenance-tracking archive for news articles.")
{
    ExtractCommand.Create(),
    SubmitCommand.Create(),
    ShowCommand.Create(),
    VerifyCommand.Create(),
    ImportCommand.Create(),
    ExportCommand.Create(),
};
try
{
    // Our own handler below: the default one prints a stack trace, which tells a user nothing they can act on.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is ApiException or HttpRequestException or IOException or UnauthorizedAccessException
    or System.Text.Json.JsonException or TaskCanceledException)
{
    await Console.Error.WriteLineAsync($"archive: {CliErrors.Describe(e)}");
    return 1;
}
