using System.Collections.Concurrent;
using FluentValidation;

namespace Archive.Api.Extensions;

/// <summary>Runs the FluentValidation validator of every argument that has one; answers 400 problem details naming each field.</summary>
/// <remarks>
/// The filter is made for every request (AddEndpointFilter), and looks a validator up for each of the handler's arguments
/// (an upload's five): the validator's service type is made once per argument type, and the validators are singletons
/// (<see cref="ApiExtensions"/>), so a request no longer builds a validator's rules, their expression trees and property
/// accessors, again (docs/performance.md, svc35).
/// </remarks>
internal sealed class ValidationFilter(IServiceProvider services) : IEndpointFilter
{
    private static readonly ConcurrentDictionary<Type, Type> ValidatorTypes = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (ValidatorOf(argument) is not { } validator)
            {
                continue;
            }
            var result = await validator.ValidateAsync(new ValidationContext<object>(argument!), context.HttpContext.RequestAborted);
            if (!result.IsValid)
            {
                // A refused request never reaches the handler that would give back what a request holds (an upload's pooled page).
                foreach (var request in context.Arguments)
                {
                    if (request is IDisposable disposable && ValidatorOf(request) is not null)
                    {
                        disposable.Dispose();
                    }
                }
                return TypedResults.ValidationProblem(result.ToDictionary(), title: "The request is not valid.",
                    detail: string.Join(" ", result.Errors.Select(e => e.ErrorMessage)));
            }
        }
        return await next(context);
    }

    private IValidator? ValidatorOf(object? argument) =>
        argument is null
            ? null
            : services.GetService(ValidatorTypes.GetOrAdd(argument.GetType(), static type => typeof(IValidator<>).MakeGenericType(type))) as IValidator;
}

internal static class ValidationFilterExtensions
{
    public static RouteGroupBuilder WithValidation(this RouteGroupBuilder group) => group.AddEndpointFilter<ValidationFilter>();
}
