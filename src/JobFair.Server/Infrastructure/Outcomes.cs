using FluentValidation.Results;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// A use case's "no": the stable <see cref="Code"/> clients branch on, the HTTP status it answers
/// with, and a message in English. The API turns it into problem details
/// (<see cref="RefusalResults.ToProblem"/>), a page into a form error in the reader's language
/// (looked up by code), a hub method into a hub error.
/// </summary>
public sealed record Refusal(int Status, string Code, string Message)
{
    /// <summary>Field errors of a validation refusal (400), by the field's JSON name.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>More members of the problem body, e.g. <c>opensAt</c> of a room that is not open yet.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>The first field a validation refusal names, for a page to put its message beside.</summary>
    public string? Field => Errors?.Keys.FirstOrDefault();

    public static Refusal NotFound(string what) => new(StatusCodes.Status404NotFound, "not_found", $"No such {what}.");
    public static Refusal Forbidden(string code, string message) => new(StatusCodes.Status403Forbidden, code, message);
    public static Refusal Conflict(string code, string message) => new(StatusCodes.Status409Conflict, code, message);
    public static Refusal Unauthenticated(string message = "Sign in first.") => new(StatusCodes.Status401Unauthorized, "unauthenticated", message);

    public static Refusal Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Refusal Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "bad_request", "One or more fields are not valid.") { Errors = new Dictionary<string, string[]>(errors) };

    public static Refusal Invalid(ValidationResult result) => Invalid(result.ToDictionary());

    /// <summary>The same refusal with one more member in its problem body.</summary>
    public Refusal With(string key, object? value) =>
        this with { Extensions = new Dictionary<string, object?>(Extensions ?? new Dictionary<string, object?>()) { [key] = value } };

    /// <summary>The same refusal with a message that says more about this case (the code stays).</summary>
    public Refusal Saying(string message) => this with { Message = message };

    // Two refusals are the same when they mean the same to a client.
    public bool Equals(Refusal? other) => other is not null && other.Status == Status && other.Code == Code;
    public override int GetHashCode() => HashCode.Combine(Status, Code);
}

/// <summary>What a use case gives back: its value, or the refusal that stopped it.</summary>
public readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Refusal? refusal) => (_value, Refusal) = (value, refusal);

    public Refusal? Refusal { get; }

    /// <summary>The value; only read it when <see cref="Refusal"/> is null.</summary>
    public T Value => Refusal is null ? _value! : throw new InvalidOperationException($"Refused ({Refusal.Code}): there is no value.");

    public bool IsRefused(out Refusal refusal)
    {
        refusal = Refusal!;
        return Refusal is not null;
    }

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}

/// <summary>
/// Marks a use case: a class that takes the caller and a request and returns an
/// <see cref="Outcome{T}"/>. Endpoints, pages and hub methods get it from DI and call it; none of
/// them repeats its rules.
/// </summary>
public interface IUseCase;

internal static class UseCases
{
    /// <summary>Registers every <see cref="IUseCase"/> of the server, scoped (they hold the request's DbContext).</summary>
    public static IServiceCollection AddUseCases(this IServiceCollection services)
    {
        foreach (var type in typeof(IUseCase).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IUseCase).IsAssignableFrom(t)))
            services.AddScoped(type);
        return services;
    }

    /// <summary>Runs the request's validator; a refusal with every field error when it fails.</summary>
    public static async Task<Refusal?> CheckAsync<T>(this IValidator<T> validator, T request, CancellationToken ct) =>
        await validator.ValidateAsync(request, ct) is { IsValid: false } result ? Refusal.Invalid(result) : null;
}
