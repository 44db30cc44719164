using System.Globalization;
using System.Text;

namespace JobFair.Faults;

/// <summary>A minimal well-formed PDF (header, three objects, cross-reference table, startxref, %%EOF).</summary>
internal static class Pdf
{
    public static byte[] Make(string comment)
    {
        var pdf = new StringBuilder("%PDF-1.4\n% ").Append(new string(comment.Where(char.IsAscii).ToArray())).Append('\n');
        var offsets = new List<int>();
        foreach (var body in new[]
                 {
                     "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                 })
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
