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
        var refused = exception as RefusedJsonValueException ?? exception.InnerException as RefusedJsonValueException;
        var data = DataError(exception);
        var (status, detail) = exception switch
        {
            _ when refused is not null => (StatusCodes.Status400BadRequest, RefusedMessage(refused)),
            _ when data is not null => (StatusCodes.Status400BadRequest, $"A value is not one the platform can store ({data.MessageText})."),
            BadHttpRequestException bad => (bad.StatusCode, ClientMessage(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, JsonMessage(json)),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "Client closed the request."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side; it has been logged."),
        };
        if (status >= 500) LogUnhandled(exception, http.Request.Method, http.Request.Path);
        if (data is not null) LogUnchecked(data.SqlState, data.MessageText, http.Request.Method, http.Request.Path);
        if (http.Response.HasStarted) return true;
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail };
        if (refused is not null) problem.Extensions["code"] = refused.Code;
        if (data is not null) problem.Extensions["code"] = data.SqlState == PostgresErrorCodes.CharacterNotInRepertoire ? SafeText.Code : "invalid_value";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    private static string ClientMessage(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? JsonMessage(json) : bad.Message;

    // The serializer's own message names internal types; say where the body went wrong instead.
    private static string JsonMessage(JsonException json) =>
        "The request body is not valid JSON of the shape this route takes" +
        (string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "." : $" (at {json.Path}).");

    /// <summary>
    /// PostgreSQL refused a value (too long, NUL in text, out of range): input that validation
    /// should have caught. Nothing was written, so it is the client's 400, and it is logged so that
    /// the missing check is added.
    /// </summary>
    private static PostgresException? DataError(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: [ '2', '2', ..] } pg) return pg; // class 22: data exception
        return null;
    }

    private static string RefusedMessage(RefusedJsonValueException refused) =>
        refused.Message + (string.IsNullOrEmpty(refused.Path) || refused.Path == "$" ? "." : $" (at {refused.Path}).");

    [LoggerMessage(LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception e, string method, string path);

    [LoggerMessage(LogLevel.Warning, "PostgreSQL refused a value of {Method} {Path} that no check caught: {SqlState} {Message}")]
    private partial void LogUnchecked(string sqlState, string message, string method, string path);
}
