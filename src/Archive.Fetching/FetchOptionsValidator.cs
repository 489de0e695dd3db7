using System.Net;
using Microsoft.Extensions.Options;

namespace Archive.Fetching;

internal sealed class FetchOptionsValidator : IValidateOptions<FetchOptions>
{
    public ValidateOptionsResult Validate(string? name, FetchOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodyBytes is <= 0 or > int.MaxValue - 1)
        {
            errors.Add($"{nameof(FetchOptions.MaxBodyBytes)} must be between 1 and {int.MaxValue - 1}.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{nameof(FetchOptions.Timeout)} must be positive and at most an hour.");
        }

        if (options.MaxRedirects is < 0 or > 20)
        {
            errors.Add($"{nameof(FetchOptions.MaxRedirects)} must be between 0 and 20.");
        }

        errors.AddRange(options.AllowedNetworks
            .Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"{nameof(FetchOptions.AllowedNetworks)} entry '{n}' is not a CIDR such as 127.0.0.1/32."));

        if (!PortSet.TryParse(options.AllowedPorts, out _))
        {
            errors.Add($"{nameof(FetchOptions.AllowedPorts)} must look like '80,443,1024-65535'.");
        }

        if (!PortSet.TryParse(options.DeniedPorts, out _))
        {
            errors.Add($"{nameof(FetchOptions.DeniedPorts)} must look like '3306,6379'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
