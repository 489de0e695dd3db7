using FluentValidation;

namespace Archive.Api.Extensions;

/// <summary>Runs the FluentValidation validator of every argument that has one; answers 400 problem details naming each field.</summary>
internal sealed class ValidationFilter(IServiceProvider services) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is null || services.GetService(typeof(IValidator<>).MakeGenericType(argument.GetType())) is not IValidator validator)
            {
                continue;
            }
            var result = await validator.ValidateAsync(new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
            if (!result.IsValid)
            {
                return TypedResults.ValidationProblem(result.ToDictionary(), title: "The request is not valid.",
                    detail: string.Join(" ", result.Errors.Select(e => e.ErrorMessage)));
            }
        }
        return await next(context);
    }
}

internal static class ValidationFilterExtensions
{
    public static RouteGroupBuilder WithValidation(this RouteGroupBuilder group) => group.AddEndpointFilter<ValidationFilter>();
}
