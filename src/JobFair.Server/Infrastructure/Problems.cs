using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace JobFair.Server.Infrastructure;

/// <summary>The one mapping from a use case's <see cref="Refusal"/> to an HTTP answer.</summary>
public static class RefusalResults
{
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        var details = refusal.Errors is { } errors
            ? new HttpValidationProblemDetails(errors) { Title = "One or more validation errors occurred." }
            : new ProblemDetails();
        details.Status = refusal.Status;
        details.Detail = refusal.Message;
        details.Extensions["code"] = refusal.Code;
        foreach (var (key, value) in refusal.Extensions ?? new Dictionary<string, object?>()) details.Extensions[key] = value;
        return TypedResults.Problem(details);
    }

    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.IsRefused(out var refusal) ? refusal.ToProblem() : TypedResults.Ok(outcome.Value);

    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.IsRefused(out var refusal) ? refusal.ToProblem() : TypedResults.Created(location(outcome.Value), outcome.Value);

    public static Results<NoContent, ProblemHttpResult> ToNoContent(this Refusal? refusal) =>
        refusal is null ? TypedResults.NoContent() : refusal.ToProblem();

    public static async Task<Results<Ok<T>, ProblemHttpResult>> ToOk<T>(this Task<Outcome<T>> outcome) => (await outcome).ToOk();

    public static async Task<Results<Created<T>, ProblemHttpResult>> ToCreated<T>(this Task<Outcome<T>> outcome, Func<T, string> location) =>
        (await outcome).ToCreated(location);

    public static async Task<Results<NoContent, ProblemHttpResult>> ToNoContent(this Task<Refusal?> refusal) => (await refusal).ToNoContent();
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
        // People get the error page (WebSetup.UseJobFairErrors) rather than a problem body. The request
        // already points at that page here; the feature keeps the address that failed.
        var failed = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path;
        if (!Features.Accounts.IdentitySetup.IsApi(failed) && status != 499) return false;
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
