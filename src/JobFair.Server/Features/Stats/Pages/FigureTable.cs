using System.Text;

namespace JobFair.Server.Features.Stats.Pages;

/// <summary>
/// One table of figures as a dashboard shows it: a label column and numeric columns. The page draws
/// its chart (<see cref="ChartedTable"/>) and its table from the same rows, and the CSV download writes
/// the same rows again, so the three can never disagree.
/// </summary>
/// <param name="Key">The table's name in its CSV address (<c>universities</c>, <c>funnel</c> ...).</param>
/// <param name="Caption">The table's title, in the reader's language.</param>
/// <param name="Headers">The label column's header, then each value column's.</param>
/// <param name="Rows">The rows, in the order shown.</param>
/// <param name="Charted">The index of the value column the chart draws.</param>
public sealed record FigureTable(string Key, string Caption, IReadOnlyList<string> Headers, IReadOnlyList<FigureRow> Rows, int Charted = 0)
{
    /// <summary>
    /// RFC 4180 text with a UTF-8 byte order mark, so that spreadsheet programs (Excel, WPS) read
    /// Chinese correctly; numbers without separators, days as ISO dates.
    /// </summary>
    public byte[] ToCsv()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Headers.Select(Quote)).Append("\r\n");
        foreach (var row in Rows)
            text.AppendJoin(',', new[] { Quote(row.CsvLabel) }.Concat(row.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                .Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Quotes a field when it needs it; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.</summary>
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@') field = "'" + field;
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}

/// <param name="Label">As the page shows it.</param>
/// <param name="CsvLabel">As the CSV writes it (an ISO date where the page writes a day for people).</param>
/// <param name="Values">One number per value column.</param>
public sealed record FigureRow(string Label, string CsvLabel, IReadOnlyList<long> Values)
{
    public FigureRow(string label, IReadOnlyList<long> values) : this(label, label, values) { }
}
