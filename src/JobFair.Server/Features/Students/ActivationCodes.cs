using System.Security.Cryptography;
using System.Text;

namespace JobFair.Server.Features.Students;

/// <summary>
/// One-time activation codes for roster rows: what a graduate needs, beside their student number
/// and name, to claim their row. A centre hands each code out once (in the roster import's answer,
/// or one at a time); the server keeps only a hash, so nobody can read a code again.
/// </summary>
/// <remarks>
/// Eight characters from 32 that cannot be mistaken for one another on a phone keyboard or on
/// paper (no 0/O, no 1/I): 40 random bits, shown as <c>ABCD-EFGH</c> and taken in any case, with or
/// without the dash or spaces. Guessing is hopeless at the claim rate limit (a right guess for one
/// row takes about 2^39 tries). The hash binds the code to its university and student number, so
/// a claim is one conditional update that either matches the row's current code or changes
/// nothing. A code works once and for <see cref="ValidFor"/>; issuing a new one replaces it.
/// </remarks>
public static class ActivationCodes
{
    /// <summary>How long a code may be used after it was issued; the centre issues a new one after that.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(30);

    public const int Length = 8;
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>A fresh random code, as shown to the centre (<c>ABCD-EFGH</c>).</summary>
    public static string New()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        return $"{code[..4]}-{code[4..]}";
    }

    /// <summary>The code as typed, without case, dashes or spaces; null when it cannot be a code.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null) return null;
        var code = new StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is '-' or ' ') continue;
            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || code.Length == Length) return null;
            code.Append(upper);
        }
        return code.Length == Length ? code.ToString() : null;
    }

    /// <summary>
    /// What is stored for a row's code: SHA-256 over the university, the student number and the
    /// code. Something that is not a code still hashes (to a value no row holds), so a claim with a
    /// malformed code takes the same path as one with a wrong code.
    /// </summary>
    public static byte[] Hash(Guid universityId, string studentNo, string? typedCode) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"jobfair-activation-code:{universityId:N}:{studentNo}:{Normalise(typedCode) ?? "-"}"));
}
