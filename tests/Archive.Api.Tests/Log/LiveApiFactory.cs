using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Log;

/// <summary>The service on a real Kestrel server on 127.0.0.1 (a free port), so programs outside the test process can call it.</summary>
public sealed class LiveApiFactory : ArchiveApiFactory
{
    public LiveApiFactory() => UseKestrel(0);

    /// <summary>The service's address, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string Address => CreateClient().BaseAddress!.GetLeftPart(UriPartial.Authority);
}
