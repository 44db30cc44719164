using Microsoft.Extensions.Localization;

namespace JobFair.Server.Web;

/// <summary>
/// A use case refuses with a stable code and an English message (the API sends both as problem
/// details). Pages show it in the reader's language: the text of <c>Refusal.&lt;code&gt;</c> in
/// SiteText, or the use case's own message for a code that has no translation yet.
/// </summary>
public static class Refusals
{
    public static string Describe(this IStringLocalizer<SiteText> text, string code, string message)
    {
        var translated = text[$"Refusal.{code}"];
        return translated.ResourceNotFound ? message : translated.Value;
    }
}
