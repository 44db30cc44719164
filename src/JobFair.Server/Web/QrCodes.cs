using QRCoder;

namespace JobFair.Server.Web;

/// <summary>
/// QR codes of the pages centres spread through chat groups (a fair, a position): an SVG of the
/// page's own absolute link, served beside the page so that its HTML stays small and the image is
/// cached. It encodes only this site's own paths for a well-formed id; it reads nothing.
/// </summary>
internal static class QrCodes
{
    public static string FairImage(Guid fairId) => $"/fairs/{fairId}/qr.svg";

    public static string PositionImage(Guid positionId) => $"/positions/{positionId}/qr.svg";

    /// <summary>The absolute link a phone's camera opens: this site's origin as the request names it.</summary>
    public static string Link(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{path}";

    public static void MapQrCodes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fairs/{id:guid}/qr.svg", (Guid id, HttpContext http) => Svg(http, $"/fairs/{id}")).ExcludeFromDescription();
        app.MapGet("/positions/{id:guid}/qr.svg", (Guid id, HttpContext http) => Svg(http, $"/positions/{id}")).ExcludeFromDescription();
    }

    private static IResult Svg(HttpContext http, string path)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Link(http.Request, path), QRCodeGenerator.ECCLevel.M);
        using var code = new SvgQRCode(data);
        // Scaled by the page (viewBox), black on white with the quiet zone scanners need.
        var svg = code.GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        http.Response.Headers.CacheControl = "public, max-age=86400";
        http.Response.Headers.Vary = "Host";
        return Results.Content(svg, "image/svg+xml");
    }
}
