using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace JobFair.Tests.Support;

/// <summary>Small, well-formed PDFs (a header, objects, a cross-reference table, startxref, %%EOF).</summary>
public static class Pdfs
{
    public static byte[] Make(string text = "Resume", int padTo = 0) => Encoding.ASCII.GetBytes(Build(text, padTo));

    private static string Build(string text, int padTo)
    {
        var sb = new StringBuilder("%PDF-1.4\n% " + new string(text.Where(char.IsAscii).ToArray()) + "\n");
        var offsets = new List<int>();
        foreach (var content in new[]
                 {
                     "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                 })
        {
            offsets.Add(sb.Length);
            sb.Append(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{content}\nendobj\n");
        }
        if (padTo > sb.Length) sb.Append('%').Append('x', padTo - sb.Length).Append('\n');
        var xref = sb.Length;
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return sb.ToString();
    }

    public static Task<HttpResponseMessage> UploadAsync(this Api student, byte[] content, string title = "我的简历",
        string fileName = "resume.pdf", string contentType = "application/pdf")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        form.Add(new StringContent(title), "title");
        return student.Http.PostAsync(new Uri("/api/students/me/resumes", UriKind.Relative), form);
    }

    public static async Task<Guid> UploadResumeAsync(this Api student, string title = "我的简历") =>
        Guid.Parse((string)(await Api.Expect(await student.UploadAsync(Make(title), title), HttpStatusCode.Created))["id"]!);
}
