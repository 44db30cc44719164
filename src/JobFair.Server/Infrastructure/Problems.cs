using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

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
            _ when DatabaseOutage.Caused(exception) => (StatusCodes.Status503ServiceUnavailable,
                "The database cannot be reached right now; what this request started was not kept. Retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side; it has been logged."),
        };
        if (status == StatusCodes.Status503ServiceUnavailable) LogDatabaseOutage(http.Request.Method, http.Request.Path, exception.Message);
        else if (status >= 500) LogUnhandled(exception, http.Request.Method, http.Request.Path);
        if (http.Response.HasStarted) return true;
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem.Extensions["code"] = "database_unavailable";
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    private static string ClientMessage(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? JsonMessage(json) : bad.Message;

    // The serializer's own message names internal types; say where the body went wrong instead.
    private static string JsonMessage(JsonException json) =>
        "The request body is not valid JSON of the shape this route takes" +
        (string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "." : $" (at {json.Path}).");

    [LoggerMessage(LogLevel.Warning, "{Method} {Path} answered 503: the database is unreachable ({Reason})")]
    private partial void LogDatabaseOutage(string method, string path, string reason);

    [LoggerMessage(LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception e, string method, string path);
}

/// <summary>
/// Whether a failure means the database cannot be reached (stopped, restarting, the network down,
/// every connection in use) rather than a fault of ours: the request may then be retried as it is.
/// A transaction cut off this way is rolled back by PostgreSQL, so nothing of it remains.
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>A restarted PostgreSQL takes seconds to accept connections again.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Caused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                           || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                               or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    // Not an error PostgreSQL answered: the connection could not be opened or was lost (socket, I/O, timeout).
                    return true;
            }
        }
        return false;
    }
}
