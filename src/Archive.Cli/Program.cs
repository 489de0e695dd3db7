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
return await root.Parse(args).InvokeAsync();
