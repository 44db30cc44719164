using System.Text.Json.Nodes;

namespace JobFair.Tests.Support;

/// <summary>
/// A parameter (path or query) or a field of a JSON body: its schema's type and format (and its
/// items' for an array), whether it is required and whether it may be null, and where it sits in the body.
/// </summary>
public sealed record Field(string Name, string Type, string? Format, string[] Path, bool Required = false, bool Nullable = false,
    string? ItemType = null, string? ItemFormat = null);

/// <summary>One operation of the served OpenAPI document: what a request to it may carry.</summary>
public sealed record Operation(string Method, string Route, IReadOnlyList<Field> PathParameters, IReadOnlyList<Field> Query,
    JsonObject? Body, IReadOnlyList<Field> BodyFields)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>Reads the operations of <c>/openapi/v1.json</c> and the fields of their JSON bodies (nested objects and arrays included).</summary>
public static class OpenApiRoutes
{
    public static async Task<List<Operation>> ReadAsync(Api caller, string prefix = "/api")
    {
        var document = await caller.GetJsonAsync("/openapi/v1.json");
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var operations = new List<Operation>();
        foreach (var (route, item) in document["paths"]!.AsObject())
        {
            if (!route.StartsWith(prefix, StringComparison.Ordinal)) continue;
            foreach (var (method, node) in item!.AsObject())
            {
                if (node?["parameters"] is null && node?["responses"] is null) continue; // not an operation
                var parameters = node["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                Field ToField(JsonObject p)
                {
                    var (type, format) = TypeOf(Resolve(p["schema"]?.AsObject() ?? [], schemas));
                    return new Field((string)p["name"]!, type, format, []);
                }
                var body = node["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
                var bodySchema = body is null ? null : Resolve(body, schemas);
                operations.Add(new Operation(method.ToUpperInvariant(), route,
                    parameters.Where(p => (string?)p["in"] == "path").Select(ToField).ToList(),
                    parameters.Where(p => (string?)p["in"] == "query").Select(ToField).ToList(),
                    bodySchema, bodySchema is null ? [] : FieldsOf(bodySchema, schemas, [], depth: 0).ToList()));
            }
        }
        return operations;
    }

    /// <summary>Every leaf and container of a body: objects are entered, arrays by their first element ("0").</summary>
    private static IEnumerable<Field> FieldsOf(JsonObject schema, JsonObject schemas, string[] path, int depth)
    {
        if (depth > 4 || schema["properties"]?.AsObject() is not { } properties) yield break;
        var required = schema["required"]?.AsArray().Select(r => (string?)r).ToHashSet() ?? [];
        foreach (var (name, value) in properties)
        {
            var property = Resolve(value!.AsObject(), schemas);
            var (type, format) = TypeOf(property);
            var item = property["items"]?.AsObject() is { } items ? Resolve(items, schemas) : null;
            var (itemType, itemFormat) = item is null ? (null, null) : TypeOf(item);
            var here = path.Append(name).ToArray();
            var nullable = property["type"] is JsonArray types && types.Any(t => (string?)t == "null");
            yield return new Field(name, type, format, here, required.Contains(name), nullable, itemType, itemFormat);
            if (type == "object")
                foreach (var inner in FieldsOf(property, schemas, here, depth + 1)) yield return inner;
            if (itemType == "object")
                foreach (var inner in FieldsOf(item!, schemas, [.. here, "0"], depth + 1)) yield return inner;
        }
    }

    /// <summary>The schema a <c>$ref</c> points at (itself otherwise).</summary>
    public static JsonObject Resolve(JsonObject schema, JsonObject schemas)
    {
        for (var hops = 0; hops < 10 && schema["$ref"] is { } reference; hops++)
            schema = schemas[((string)reference!).Split('/')[^1]]!.AsObject();
        return schema;
    }

    /// <summary>The type (the first that is not "null") and format; a schema with properties is an object.</summary>
    public static (string Type, string? Format) TypeOf(JsonObject schema)
    {
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            JsonValue single => (string?)single,
            _ => null,
        };
        type ??= schema["properties"] is not null ? "object" : schema["items"] is not null ? "array" : "string";
        return (type, (string?)schema["format"]);
    }
}
