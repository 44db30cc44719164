namespace JobFair.Server.Infrastructure;

internal static class Validation
{
    /// <summary>Registers every validator in the server (the FluentValidation DI package is not available here).</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        // Errors name fields as the JSON does (camelCase), in messages too.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicyName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicyName(member.Name);
        var validators = typeof(Validation).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                .Select(i => (Service: i, Implementation: t)));
        foreach (var (service, implementation) in validators)
            services.AddSingleton(service, implementation);
        return services;
    }

    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument; 400 with <c>errors</c> when invalid.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is null)
                return Problem.Invalid("body", "A JSON body is required.");
            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            return result.IsValid ? await next(context) : TypedResults.ValidationProblem(result.ToDictionary());
        }).ProducesValidationProblem();

    private static string JsonNamingPolicyName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

}
