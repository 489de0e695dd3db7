using Archive.Api.Captures;
using Archive.Api.Extensions;
using Archive.Fetching;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// What the validation filter costs an upload, as ASP.NET Core runs it: a scope per request, the filter made in it, the
/// upload's five arguments looked up for a validator, the request's validated. Validators registered per scope (the default
/// lifetime, as the service had them until svc35) beside validators registered once, alternated, on one thread; thread CPU.
/// </summary>
internal static class Filters
{
    public static void Run(string dir, int count, int passes)
    {
        var bodies = Enumerable.Range(0, count).Select(i => File.ReadAllBytes(Path.Combine(dir, $"{i}.json"))).ToArray();
        var sides = new[] { ServiceLifetime.Scoped, ServiceLifetime.Singleton }.Select(lifetime => (Lifetime: lifetime, Root: Root(lifetime))).ToArray();
        var totals = new double[sides.Length];
        var http = new DefaultHttpContext();
        for (var pass = 0; pass < passes; pass++)
        {
            for (var i = 0; i < bodies.Length; i++)
            {
                using var request = System.Text.Json.JsonSerializer.Deserialize<CaptureRequest>(bodies[i], System.Text.Json.JsonSerializerOptions.Web)!;
                for (var s = 0; s < sides.Length; s++)
                {
                    var side = (s + i + pass) % sides.Length;
                    var started = Clock.Now();
                    using (var scope = sides[side].Root.CreateScope())
                    {
                        var filter = ActivatorUtilities.CreateInstance<ValidationFilter>(scope.ServiceProvider);
                        var answer = filter.InvokeAsync(
                            new DefaultEndpointFilterInvocationContext(http, request, http, new object(), Options.Create(new object()), CancellationToken.None),
                            _ => ValueTask.FromResult<object?>("through")).AsTask().GetAwaiter().GetResult();
                        if (answer is not "through")
                        {
                            throw new InvalidOperationException($"Body {i} was refused.");
                        }
                    }
                    if (pass > 0)
                    {
                        totals[side] += Clock.Now() - started;
                    }
                }
            }
        }
        var timed = (double)bodies.Length * (passes - 1);
        for (var s = 0; s < sides.Length; s++)
        {
            Console.WriteLine($"validation filter, validators {sides[s].Lifetime,-9}: {totals[s] * 1000 / timed,8:F1} us of thread CPU an upload ({timed:F0} uploads)");
        }
    }

    private static ServiceProvider Root(ServiceLifetime lifetime) => new ServiceCollection()
        .AddSingleton(TimeProvider.System)
        .AddSingleton(new FetchPolicy(Options.Create(new FetchOptions())))
        .AddValidatorsFromAssemblyContaining<CaptureRequestValidator>(lifetime, includeInternalTypes: true)
        .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = false });
}
