using JobFair.Server.Web;

namespace JobFair.Tests.Web;

public sealed class LocalUrlsTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/fairs/42?q=软件", true)]
    [InlineData("/me#resumes", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("fairs/42", false)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/\r\nLocation: https://evil.example", false)]
    public void Only_paths_of_this_site_are_local(string? url, bool local) => Assert.Equal(local, LocalUrls.IsLocal(url));
}
