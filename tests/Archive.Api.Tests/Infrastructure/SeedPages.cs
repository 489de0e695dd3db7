namespace Archive.Api.Tests.Infrastructure;

/// <summary>Fixture pages written in the style of the seed articles' outlets (tests/Archive.Api.Tests/Fixtures/Pages).</summary>
internal static class SeedPages
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pages", name));
}
