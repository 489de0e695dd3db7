using Microsoft.Playwright;

namespace Archive.Reader.Tests.Infrastructure;

/// <summary>
/// One running service with the seeded family, one news origin and one headless Chromium (Debian's, by its executable path:
/// Playwright never downloads a browser here), shared by every browser test.
/// </summary>
public sealed class ReaderFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium unless CHROMIUM_PATH names another.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly string _profile = Path.Combine(Path.GetTempPath(), $"archive-reader-chromium-{Guid.NewGuid():N}");
    private IPlaywright? _playwright;

    public ReaderServer Server { get; private set; } = null!;
    public NewsOrigin Origin { get; } = new();
    internal Family Family { get; private set; } = null!;
    public IBrowserContext Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium not found at {ChromiumPath}: apt-get install chromium (CI's .ci/run does), or set CHROMIUM_PATH.");
        Server = await ReaderServer.StartAsync();
        using (var client = Server.Client())
        {
            Family = await Family.UploadAsync(client);
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync"],
            AcceptDownloads = true,
            BaseURL = Server.BaseAddress.ToString(),
            // The machine is shared and slow at times: wait for conditions, generously, never for fixed times.
            Timeout = 60_000,
        });
        Browser.SetDefaultTimeout(60_000);
        Browser.SetDefaultNavigationTimeout(90_000);
    }

    /// <summary>A fresh tab at the given width, recording every console error (a CSP refusal is one).</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(int width = 1280, int height = 900)
    {
        var page = await Browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (page, errors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await Origin.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReaderCollection : ICollectionFixture<ReaderFixture>
{
    public const string Name = "reader";
}
