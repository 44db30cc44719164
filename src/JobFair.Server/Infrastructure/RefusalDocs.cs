using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using JobFair.Server.Features.Accounts;
using Microsoft.OpenApi;

namespace JobFair.Server.Infrastructure;

/// <summary>The refusals a route can answer with, as endpoint metadata for the OpenAPI document.</summary>
public sealed record RefusalsMetadata(IReadOnlyList<Refusal> Refusals);

/// <summary>
/// Declares a route's refusals where it is mapped, so that the OpenAPI document lists for each
/// status the stable codes a client may meet (problem+json), not only prose in a summary.
/// </summary>
public static class RefusalDocs
{
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params Refusal[] refusals)
    {
        foreach (var status in refusals.Select(r => r.Status).Distinct())
            builder.ProducesProblem(status);
        return builder.WithMetadata(new RefusalsMetadata(refusals));
    }

    public static IServiceCollection AddRefusalDocs(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o => o.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context.Description.ActionDescriptor.EndpointMetadata);
            return Task.CompletedTask;
        }));

    /// <summary>What every route may answer before its handler runs: a control character in the path, the query or a header (<see cref="SafeTextChecks"/>).</summary>
    public static readonly Refusal ControlCharacter = new(StatusCodes.Status400BadRequest, SafeText.Code,
        "The path, the query, a header or a text field holds a control character.");

    /// <summary>What every route that reads a body may answer to a body of another media type.</summary>
    public static readonly Refusal UnsupportedMediaType = new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
        "The body is not of the media type the route reads.");

    private static void Describe(OpenApiOperation operation, IList<object> metadata)
    {
        var refusals = metadata.OfType<RefusalsMetadata>().SelectMany(m => m.Refusals).ToList();
        refusals.Add(ControlCharacter);
        if (operation.RequestBody is not null) refusals.Add(UnsupportedMediaType);
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            refusals.Add(Refusal.Unauthenticated());
            if (authorize.Any(a => a.Policy is not null && a.Policy != Policies.SignedIn || a.Roles is not null))
                refusals.Add(Refusal.Forbidden("forbidden", "The caller's role may not use this route."));
            if (authorize.Any(a => a.Policy is Policies.SignedIn or Policies.Recruiter))
                refusals.Add(Features.Employers.RecruiterCaller.EmployerSuspended);
        }
        operation.Responses ??= [];
        foreach (var group in refusals.Distinct().GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            var key = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var response) || response is not OpenApiResponse known)
            {
                known = new OpenApiResponse { Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() } };
                operation.Responses[key] = known;
            }
            var codes = group.Select(r => r.Code).Distinct().ToList();
            known.Description = string.Join("; ", group.DistinctBy(r => r.Code).Select(r => $"`{r.Code}`: {r.Message}"));
            known.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            known.Extensions["x-problem-codes"] = new JsonNodeExtension(new JsonArray(codes.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()));
        }
    }
}
