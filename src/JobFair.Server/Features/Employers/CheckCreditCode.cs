namespace JobFair.Server.Features.Employers;

/// <summary>
/// Whether a unified social credit code is well formed (length, alphabet, check character), for
/// the registration form to say so while it is typed: the same rule as <see cref="RegisterEmployer"/>
/// applies, never a copy of it in the browser. It says nothing about registered employers.
/// </summary>
public sealed class CheckCreditCode : IUseCase
{
    public sealed record Response(string CreditCode, bool Valid);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/employers/credit-codes/{code}", (string code, CheckCreditCode check) => check.Run(code).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("code", "at most 18 characters"))
            .WithSummary("Whether a unified social credit code is well formed (18 characters, check character right); " +
                         "says nothing about registered employers.");

    public Outcome<Response> Run(string code)
    {
        var normalised = CreditCode.Normalise(code);
        if (normalised.Length > 18) return Refusal.Invalid("code", "A unified social credit code has 18 characters.");
        return new Response(normalised, CreditCode.IsValid(normalised));
    }
}
