using System.Globalization;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>Why a position was pushed, in words: in Chinese unless the reader reads English.</summary>
public static class PushReasons
{
    public static string Describe(string match, string major, string? category, CultureInfo culture)
    {
        var english = culture.TwoLetterISOLanguageName == "en";
        return (match, english) switch
        {
            (MatchKinds.Exact, false) => $"与你的专业（{major}）一致",
            (MatchKinds.Exact, true) => $"Asks for your major ({major})",
            (_, false) => $"与你的专业同属{category}",
            (_, true) => $"Asks for your major's category ({category})",
        };
    }
}
