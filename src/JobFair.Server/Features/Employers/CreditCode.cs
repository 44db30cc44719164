namespace JobFair.Server.Features.Employers;

/// <summary>
/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
/// 0-9 and A-Z without I, O, S, V and Z; the last is a mod-31 check character over the first 17.
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Normalise(string? code) => (code ?? "").Trim().ToUpperInvariant();

    public static bool IsValid(string? code)
    {
        var c = Normalise(code);
        if (c.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(c[i], StringComparison.Ordinal);
            if (value < 0) return false;
            sum += value * Weights[i];
        }
        return c[17] == Alphabet[(31 - sum % 31) % 31];
    }
}
