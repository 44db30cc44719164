using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobFair.Tests.Support;

/// <summary>
/// A person's browser without a browser: keeps cookies, does not follow redirects (so tests see
/// them), reads pages with AngleSharp and submits their forms with every field the page put in
/// them (antiforgery token, form name) plus what the test types.
/// </summary>
public sealed class Pages(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public static Pages For(JobFairApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<Page> GetAsync(string url)
    {
        var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        return await Page.ReadAsync(url, response);
    }

    /// <summary>
    /// Posts the page's form named <paramref name="formName"/> (its <c>_handler</c>) with these fields filled in: its inputs
    /// (check boxes only when checked), text areas and selects as the page left them, then the test's values.
    /// </summary>
    public async Task<Page> SubmitAsync(Page page, string formName, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = page.Form(formName);
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not "submit" && (i.Type is not ("checkbox" or "radio") || i.IsChecked))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var area in form.Elements.OfType<IHtmlTextAreaElement>().Where(a => !string.IsNullOrEmpty(a.Name))) values[area.Name!] = area.Value;
        foreach (var select in form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name))) values[select.Name!] = select.Value ?? "";
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) values[name] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.GetAttribute("action")!;
        var response = await Http.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(values));
        return await Page.ReadAsync(action, response);
    }

    /// <summary>Follows a redirect answer (the page that a browser would show next).</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        Assert.True(page.Status is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther,
            $"expected a redirect from {page.Url} but got {(int)page.Status}");
        return await GetAsync(page.Location!);
    }

    public void Dispose() => Http.Dispose();

    public sealed record Page(string Url, HttpStatusCode Status, string? ContentType, string? Location, IDocument Document)
    {
        public static async Task<Page> ReadAsync(string url, HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;
            return new Page(url, response.StatusCode, response.Content.Headers.ContentType?.MediaType, location, await Parser.ParseDocumentAsync(html));
        }

        /// <summary>The form of that name in the page's main content, else the one elsewhere (the header's).</summary>
        public IHtmlFormElement Form(string name) =>
            Document.QuerySelectorAll<IHtmlFormElement>("form")
                .Where(f => f.QuerySelector<IHtmlInputElement>("input[name=_handler]")?.Value == name)
                .OrderBy(f => f.Closest("main") is null)
                .FirstOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"{Url} has no form named {name}");

        public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

        public string Language => Document.DocumentElement.GetAttribute("lang") ?? "";

        /// <summary>The texts of the error summary (empty when the page shows none).</summary>
        public IReadOnlyList<string> Errors =>
            Document.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()).ToList();

        public IElement? Link(string text) =>
            Document.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == text);
    }
}
