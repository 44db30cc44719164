using System.Globalization;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobFair.Tests.Web;

/// <summary>Times, money and numbers as ui.md writes them, in the reader's zone and language.</summary>
public sealed class ReaderTests
{
    // Thursday 23 April 2020, 09:00 in Shanghai: the day of the 江南大学–武汉华夏理工学院 fair.
    private static readonly DateTimeOffset FairOpens = new(2020, 4, 23, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("zh-CN", "4月23日（周四）09:00")]
    [InlineData("en", "Thu 23 Apr, 09:00")]
    public void A_time_this_year_reads_as_day_weekday_and_clock(string culture, string expected) =>
        Assert.Equal(expected, In(culture, reader => reader.When(FairOpens)));

    [Theory]
    [InlineData("zh-CN", "2020年4月23日（周四）09:00")]
    [InlineData("en", "Thu 23 Apr 2020, 09:00")]
    public void A_time_of_another_year_carries_its_year(string culture, string expected) =>
        Assert.Equal(expected, In(culture, reader => reader.When(FairOpens), now: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("zh-CN", "4月23日（周四）03:00（Europe/Berlin）")]
    [InlineData("en", "Thu 23 Apr, 03:00 (Europe/Berlin)")]
    public void A_reader_in_another_zone_sees_its_local_time_with_the_zone_named(string culture, string expected) =>
        Assert.Equal(expected, In(culture, reader => reader.When(FairOpens), zone: "Europe/Berlin"));

    [Theory]
    [InlineData("zh-CN", "4月23日（周四）09:00–17:30", "4月23日（周四）09:00 至 4月25日（周六）17:30")]
    [InlineData("en", "Thu 23 Apr, 09:00–17:30", "Thu 23 Apr, 09:00 – Sat 25 Apr, 17:30")]
    public void A_span_names_its_day_once_when_it_fits_in_one(string culture, string oneDay, string severalDays)
    {
        Assert.Equal(oneDay, In(culture, reader => reader.Span(FairOpens, FairOpens.AddHours(8.5))));
        Assert.Equal(severalDays, In(culture, reader => reader.Span(FairOpens, FairOpens.AddDays(2).AddHours(8.5))));
    }

    [Theory]
    [InlineData("zh-CN", 6000, 9000, "6,000–9,000 元/月")]
    [InlineData("en", 6000, 9000, "6,000–9,000 CNY/month")]
    [InlineData("zh-CN", 8000, 8000, "8,000 元/月起")]
    [InlineData("zh-CN", 8000, null, "8,000 元/月起")]
    [InlineData("zh-CN", null, 12000, "最高 12,000 元/月")]
    [InlineData("zh-CN", null, null, "薪资面议")]
    [InlineData("en", 0, 0, "Salary negotiable")]
    public void Salaries_read_as_a_monthly_range_in_yuan(string culture, int? min, int? max, string expected) =>
        Assert.Equal(expected, In(culture, reader => reader.Salary(min, max)));

    [Fact]
    public void Figures_have_thousands_separators_and_machines_get_ISO_times()
    {
        Assert.Equal("18,000", In("zh-CN", reader => reader.Number(18000)));
        Assert.Equal("2020-04-23T09:00+08:00", In("en", reader => reader.Machine(FairOpens)));
    }

    private static string In(string culture, Func<Reader, string> show, string? zone = null, DateTimeOffset? now = null)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            var reader = new Reader(new StringLocalizer<SiteText>(factory), new FixedTime(now ?? FairOpens.AddDays(-30)));
            reader.UseZone(TimeZones.Find(zone));
            return show(reader);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
