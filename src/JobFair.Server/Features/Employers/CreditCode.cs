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
        return c.Length == 18 && CheckCharacter(c[..17]) is { } check && c[17] == check;
    }

    /// <summary>The check character for the first 17 characters, or null when one of them is not in the alphabet.</summary>
    public static char? CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0) return null;
            sum += value * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>Characters a code may be made of (for generating valid synthetic codes).</summary>
    public static string Characters => Alphabet;
}
