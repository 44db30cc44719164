using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace JobFair.Server.Infrastructure;

/// <summary>Business refusals: a status code and a stable machine-readable <c>code</c>.</summary>
public static class Problem
{
    public static ProblemHttpResult Refuse(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult Conflict(string code, string detail) => Refuse(StatusCodes.Status409Conflict, code, detail);
    public static ProblemHttpResult Forbidden(string code, string detail) => Refuse(StatusCodes.Status403Forbidden, code, detail);
    public static ProblemHttpResult NotFound(string what) => Refuse(StatusCodes.Status404NotFound, "not_found", $"No such {what}.");

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Turns what a client did wrong (unreadable JSON, a wrong type, an oversized body) into a 4xx
/// problem; anything else is our fault and becomes a 500 without internals.
/// </summary>
internal sealed partial class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, ClientMessage(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, JsonMessage(json)),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "Client closed the request."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side; it has been logged."),
        };
        if (status >= 500) LogUnhandled(exception, http.Request.Method, http.Request.Path);
        // People get the error page (WebSetup.UseJobFairErrors) rather than a problem body. The request
        // already points at that page here; the feature keeps the address that failed.
        var failed = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path;
        if (!Features.Accounts.IdentitySetup.IsApi(failed) && status != 499) return false;
        if (http.Response.HasStarted) return true;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    private static string ClientMessage(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? JsonMessage(json) : bad.Message;

    // The serializer's own message names internal types; say where the body went wrong instead.
    private static string JsonMessage(JsonException json) =>
        "The request body is not valid JSON of the shape this route takes" +
        (string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "." : $" (at {json.Path}).");

    [LoggerMessage(LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception e, string method, string path);
}
