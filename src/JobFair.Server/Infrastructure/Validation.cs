namespace JobFair.Server.Infrastructure;

internal static class Validation
{
    /// <summary>Registers every validator in the server; errors name fields as the JSON does (camelCase).</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicyName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicyName(member.Name);
        return services.AddValidatorsFromAssemblyContaining<JobFairDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
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
