using Microsoft.AspNetCore.OpenApi;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Names of the OpenAPI document's schemas. Slices name their types Request and Response, so the
/// framework's names (the bare type name) collided and many routes pointed at one slice's body;
/// here a nested type is named with its slice (PostPositionRequest, PageOfBookingsResponse).
/// </summary>
internal static class SchemaNames
{
    public static void Use(OpenApiOptions options) => options.CreateSchemaReferenceId = type =>
        OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : Name(type.Type);

    private static string Name(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
        if (type.DeclaringType is { } slice) name = slice.Name + name;
        return type.IsGenericType ? name + "Of" + string.Concat(type.GetGenericArguments().Select(Name)) : name;
    }
}
