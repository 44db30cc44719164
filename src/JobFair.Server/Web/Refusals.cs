using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Web;

/// <summary>
/// A use case refuses with a stable code and an English message (the API sends both as problem
/// details). Pages show it in the reader's language: the text of <c>Refusal.&lt;code&gt;</c> in
/// SiteText, or the use case's own message for a code that has no translation yet.
/// </summary>
public static partial class Refusals
{
    public static string Describe(this IStringLocalizer<SiteText> text, string code, string message)
    {
        var translated = text[$"Refusal.{code}"];
        return translated.ResourceNotFound ? message : translated.Value;
    }

    /// <summary>
    /// A validator's message (English, for the API) in the reader's language: SiteText's
    /// <c>Validation.&lt;message&gt;</c>, keyed with each number of the message as <c>#</c> and the numbers
    /// put back in order; the message itself where there are no words for it yet.
    /// </summary>
    public static string Translate(this IStringLocalizer<SiteText> text, string message)
    {
        var numbers = Number().Matches(message);
        var translated = text[$"Validation.{Number().Replace(message, "#")}"];
        if (translated.ResourceNotFound) return message;
        var next = 0;
        return Hole().Replace(translated.Value, hole => next < numbers.Count ? numbers[next++].Value : hole.Value);
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex("#")]
    private static partial Regex Hole();
}
