using System.CommandLine;
using Archive.Cli.Commands;

var root = new RootCommand("Archive: provenance-tracking archive for news articles.")
{
    ExtractCommand.Create(),
    SubmitCommand.Create(),
    ShowCommand.Create(),
    VerifyCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
