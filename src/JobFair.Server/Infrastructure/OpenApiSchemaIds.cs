using Microsoft.AspNetCore.OpenApi;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Schema names for the OpenAPI document. Each use case nests its own <c>Request</c>,
/// <c>Response</c> or <c>Item</c>; named by the bare type name (the default) they would all share
/// one schema, and every route would show the body of whichever was described first. A nested type
/// is named with the type it lives in (<c>RegisterEmployerRequest</c>), a generic one with its
/// arguments (<c>PageOfListPairsItem</c>).
/// </summary>
internal static class OpenApiSchemaIds
{
    public static void Configure(OpenApiOptions options) =>
        options.CreateSchemaReferenceId = info =>
            OpenApiOptions.CreateDefaultSchemaReferenceId(info) is null ? null : Name(info.Type);

    private static string Name(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying);
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(Name))
            : type.Name;
        return type.IsNested && !type.IsGenericParameter ? Name(type.DeclaringType!) + name : name;
    }
}
