using Archive.Api.Captures;
using Archive.Api.Extensions;
using Archive.Api.Tests.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Archive.Api.Tests.Hosting;

/// <summary>
/// What the endpoint filters find for every request: the filters themselves are made per request, so what they use must not
/// be (a validator made per request built its rules' expression trees on every upload; docs/performance.md, svc35).
/// </summary>
public sealed class RequestFilterTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public void Every_validator_is_one_instance_for_the_process_whichever_request_asks()
    {
        var validators = AssemblyScanner.FindValidatorsInAssembly(typeof(Program).Assembly, includeInternalTypes: true)
            .Select(v => v.InterfaceType).ToList();
        Assert.Contains(typeof(IValidator<CaptureRequest>), validators);
        foreach (var type in validators)
        {
            using var first = factory.Services.CreateScope();
            using var second = factory.Services.CreateScope();
            var one = first.ServiceProvider.GetRequiredService(type);
            Assert.Same(one, second.ServiceProvider.GetRequiredService(type));
            Assert.Same(one, factory.Services.GetRequiredService(type));
        }
    }

    [Fact]
    public void The_upload_validator_is_found_and_still_refuses_what_it_refused()
    {
        using var scope = factory.Services.CreateScope();
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<CaptureRequest>>();
        using var request = new CaptureRequest("https://example.com/a", CapturedAt: DateTimeOffset.UtcNow.AddDays(2));
        var result = validator.Validate(request);
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.PropertyName == "capturedAt");
    }

    [Fact]
    public void The_server_timing_switch_is_read_from_the_options()
    {
        Assert.False(factory.Services.GetRequiredService<IOptionsMonitor<ServerTimingOptions>>().CurrentValue.Enabled);
    }
}
