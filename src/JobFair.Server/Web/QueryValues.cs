using System.Globalization;

namespace JobFair.Server.Web;

/// <summary>
/// Numbers read from a page's address. Taken as text and parsed here: a hand-edited address
/// (<c>?page=abc</c>) shows the first page rather than failing to bind.
/// </summary>
public static class QueryValues
{
    public static int? Number(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static Guid? Id(string? value) => Guid.TryParse(value, out var id) ? id : null;
}
