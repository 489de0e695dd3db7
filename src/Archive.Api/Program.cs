using Archive.Api;
using Archive.Api.Access;
using Archive.Api.Articles;
using Archive.Api.Audit;
using Archive.Api.Captures;
using Archive.Api.Database;
using Archive.Api.Export;
using Archive.Api.Extensions;
using Archive.Api.Idempotency;
using Archive.Api.Imports;
using Archive.Api.Ingestion;
using Archive.Api.Jobs;
using Archive.Api.Lineage;
using Archive.Api.Log;
using Archive.Api.Memento;
using Archive.Api.Publishers;
using Archive.Api.Reader;
using Archive.Api.Roles;
using Archive.Api.Search;
using Archive.Fetching;

var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultUrl();
builder.AddRoles(args);

builder.AddArchiveDatabase();
builder.AddApiDefaults();
builder.AddAccess();
builder.AddIdempotency();
builder.AddIngestion();
builder.AddLineage();
builder.AddArticles();
builder.AddAudit();
builder.AddJobs();
builder.AddCaptures();
builder.AddLog();
builder.Services.AddFetching();
builder.AddFetchWorker();
builder.AddExport();
builder.AddImports();
builder.AddMemento();
builder.AddSearch();
builder.AddReader();

var app = builder.Build();

app.UseApiDefaults();
app.UseRoles();
app.UseAccess();
app.UsePageBudget();
app.UseIdempotency();
app.UseWholeJsonBody();
app.UseReadReplica();
app.UseOutputCache();

app.MapKeys();
app.MapCaptures();
app.MapArticles();
app.MapPublishers();
app.MapAudit();
app.MapLog();
app.MapExport();
app.MapImports();
app.MapMemento();
app.MapSearch();
app.MapReader();

return await app.RunArchiveAsync();

public partial class Program;
