using Archive.Api.Articles;
using Archive.Api.Audit;
using Archive.Api.Captures;
using Archive.Api.Database;
using Archive.Api.Extensions;
using Archive.Api.Fetching;
using Archive.Api.Jobs;
using Archive.Api.Publishers;

var builder = WebApplication.CreateBuilder(args);

builder.AddArchiveDatabase();
builder.AddApiDefaults();
builder.AddIngestion();
builder.AddFetching();
builder.AddFetchWorker();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UseApiDefaults();

app.MapCaptures();
app.MapArticles();
app.MapPublishers();
app.MapAudit();

await app.RunAsync();

public partial class Program;
