using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JobFair.Server.Live;

internal static class LiveSetup
{
    public const string HubPath = "/hubs/live";

    public static IServiceCollection AddJobFairLive(this IServiceCollection services)
    {
        services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter()));
        // Browsers cannot set headers on a WebSocket: the hub (and only the hub, so that tokens
        // stay out of other URLs and their logs) takes the bearer token from ?access_token=.
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            var next = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async context =>
            {
                await next(context);
                if (context.Token is null && context.Request.Path.StartsWithSegments(HubPath) &&
                    context.Request.Query["access_token"] is [{ Length: > 0 } token])
                    context.Token = token;
            };
        });
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            DescribeHub(document);
            return Task.CompletedTask;
        }));
        return services;
    }

    public static void MapLive(this IEndpointRouteBuilder app) => app.MapHub<LiveHub>(HubPath);

    /// <summary>The hub is no minimal API, so the document learns of its two routes here.</summary>
    private static void DescribeHub(OpenApiDocument document)
    {
        document.Paths ??= [];
        var token = new OpenApiParameter
        {
            Name = "access_token", In = ParameterLocation.Query, Required = false,
            Description = "A bearer token from POST /api/auth/login (browsers cannot send headers on a WebSocket); or the Identity cookie; or neither (anonymous: may only watch fairs).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        document.Paths[HubPath] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "LiveHub",
                    Summary = "SignalR hub (JSON hub protocol over WebSockets, or SSE / long polling after negotiate).",
                    Description = "Client-to-server: WatchFair(fairId), UnwatchFair(fairId), WatchPosition(positionId), UnwatchPosition(positionId); " +
                                  "refusals are hub errors whose message carries a code (not_found, unauthenticated, forbidden). " +
                                  "Server-to-client events: fairStats, applicationReceived, applicationChanged, interviewInvited, slotsChanged, " +
                                  "participationRequested, participationDecided, notification, queuePosition, called, queueChanged, queueLeft (see the contract's Live events).",
                    Parameters = [token],
                    Responses = new OpenApiResponses { ["101"] = new OpenApiResponse { Description = "Switched to the WebSocket protocol." } },
                },
            },
        };
        document.Paths[HubPath + "/negotiate"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Post] = new()
                {
                    OperationId = "LiveHubNegotiate",
                    Summary = "SignalR negotiation: the connection id and the transports offered (clients may skip it and use WebSockets directly).",
                    Parameters = [token],
                    Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Negotiation result." } },
                },
            },
        };
    }
}
