using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Text the platform accepts never holds control characters: PostgreSQL refuses NUL in text (a
/// request carrying one became a 500), and the others only hide or forge content. Free text of a
/// body or a form may keep tab and line breaks; URLs and headers may not.
/// </summary>
internal static class SafeText
{
    public const string Code = "control_character";

    /// <summary>The first character that text of this kind may not hold, if any.</summary>
    public static char? FirstUnsafe(ReadOnlySpan<char> text, bool multiLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(multiLine && c is '\t' or '\n' or '\r')) return c;
            // Half a surrogate pair cannot be stored as UTF-8 either.
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return c;
        }
        return null;
    }

    public static string Describe(char c) => $"U+{(int)c:X4}";
}

/// <summary>A JSON value the platform refuses although it is well-formed JSON: a 400 with this code.</summary>
internal sealed class RefusedJsonValueException(string code, string message) : JsonException(message)
{
    public string Code { get; } = code;
}

/// <summary>Every JSON string a request carries is checked as it is read.</summary>
internal sealed class SafeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string? Checked(string? value) =>
        value is not null && SafeText.FirstUnsafe(value, multiLine: true) is { } c
            ? throw new RefusedJsonValueException(SafeText.Code,
                $"Text may not contain control characters such as {SafeText.Describe(c)} (tab and line breaks are fine)")
            : value;
}

/// <summary>
/// Refuses a request whose URL (path or query, as decoded), headers or form fields hold a control
/// character, with a problem that says where, before anything reads them.
/// </summary>
internal static class SafeTextChecks
{
    public static IApplicationBuilder UseSafeTextChecks(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (await FindAsync(http.Request) is { } found)
        {
            await new Refusal(StatusCodes.Status400BadRequest, SafeText.Code,
                $"{found.Where} contains the control character {SafeText.Describe(found.Character)}, which this server does not accept.")
                .ToProblem().ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static async Task<(string Where, char Character)?> FindAsync(HttpRequest request)
    {
        if (SafeText.FirstUnsafe(request.Path.Value, multiLine: false) is { } inPath) return ("The URL path", inPath);
        foreach (var (name, values) in request.Query)
        {
            if (SafeText.FirstUnsafe(name, multiLine: false) is { } inName) return ("A query parameter's name", inName);
            foreach (var value in values)
                if (SafeText.FirstUnsafe(value, multiLine: false) is { } inValue) return ($"The query parameter '{Printable(name)}'", inValue);
        }
        // Kestrel reads header bytes as Latin-1, so bytes of UTF-8 text may look like C1 controls:
        // headers are held to C0 and DEL only (tab allowed, as HTTP allows it).
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
                if (value is not null && FirstHeaderControl(value) is { } inHeader) return ($"The header '{name}'", inHeader);
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted); // kept for the endpoint
            }
            catch (InvalidDataException)
            {
                return null; // a malformed form: the endpoint answers it
            }
            foreach (var (name, values) in form)
            {
                if (SafeText.FirstUnsafe(name, multiLine: false) is { } inName) return ("A form field's name", inName);
                foreach (var value in values)
                    if (SafeText.FirstUnsafe(value, multiLine: true) is { } inValue) return ($"The form field '{Printable(name)}'", inValue);
            }
        }
        return null;
    }

    private static char? FirstHeaderControl(string value)
    {
        foreach (var c in value)
            if ((c < ' ' && c != '\t') || c == '\u007f') return c;
        return null;
    }

    private static string Printable(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
