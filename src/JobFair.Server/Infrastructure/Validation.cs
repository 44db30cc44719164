using System.Reflection;
using System.Runtime.CompilerServices;

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

    /// <summary>
    /// Refuses a body whose <c>required</c> members are JSON null. The serializer insists only that
    /// they are present: Identity's LoginRequest and RegisterRequest, which have no validator here,
    /// passed a null email on to UserManager, which threw (a 500).
    /// </summary>
    public static TBuilder RequireNonNullMembers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is null || argument.GetType().GetCustomAttribute<RequiredMemberAttribute>() is null) continue;
                var missing = argument.GetType().GetProperties()
                    .Where(p => p.GetCustomAttribute<RequiredMemberAttribute>() is not null && p.GetValue(argument) is null)
                    .Select(p => JsonNamingPolicyName(p.Name)).ToList();
                if (missing.Count > 0)
                    return Refusal.Invalid(missing.ToDictionary(m => m, m => new[] { $"'{m}' is required." })).ToProblem();
            }
            return await next(context);
        });

    private static string JsonNamingPolicyName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

}
