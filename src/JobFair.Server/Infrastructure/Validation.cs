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

    private static string JsonNamingPolicyName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

}
