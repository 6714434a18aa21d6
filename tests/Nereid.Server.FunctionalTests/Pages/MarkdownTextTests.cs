using Nereid.Server.Pages.Shared;

namespace Nereid.Server.FunctionalTests.Pages;

public sealed class MarkdownTextTests
{
    [Fact]
    public void ToHtml_RawHtml_IsEncoded()
    {
        var html = MarkdownText.ToHtml("Hi <script>alert(1)</script> <b onclick=x>bold</b>").Value!;

        html.ShouldNotContain("<script");
        html.ShouldNotContain("<b ");
        html.ShouldContain("&lt;script&gt;");
    }

    [Fact]
    public void ToHtml_HeadingsOfEveryLevel_StartBelowThePageSections()
    {
        var html = MarkdownText.ToHtml("# Title\n\n## Part\n\n###### Deep").Value!;

        html.ShouldNotContain("<h1");
        html.ShouldNotContain("<h2");
        html.ShouldContain("<h3");
        html.ShouldContain("<h4");
        html.ShouldContain("<h6>Deep</h6>");
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](vbscript:msgbox)")]
    public void ToHtml_UnsafeLinkScheme_BecomesHarmless(string markdown)
    {
        var html = MarkdownText.ToHtml(markdown).Value!;

        html.ShouldNotContain("javascript:", Case.Insensitive);
        html.ShouldNotContain("data:");
        html.ShouldNotContain("vbscript:");
    }

    [Theory]
    [InlineData("[docs](https://example.org/a?b=c)", "href=\"https://example.org/a?b=c\"")]
    [InlineData("see https://example.org/x", "href=\"https://example.org/x\"")]
    [InlineData("[mail](mailto:pi@example.edu)", "href=\"mailto:pi@example.edu\"")]
    [InlineData("[rel](/namespaces/other)", "href=\"/namespaces/other\"")]
    public void ToHtml_SafeLinks_AreKept(string markdown, string expected)
    {
        MarkdownText.ToHtml(markdown).Value!.ShouldContain(expected);
    }

    [Fact]
    public void ToHtml_Image_IsShownAsLinkNotLoaded()
    {
        var html = MarkdownText.ToHtml("![tracker](https://tracker.example/pixel.png)").Value!;

        html.ShouldNotContain("<img");
        html.ShouldContain("href=\"https://tracker.example/pixel.png\"");
    }

    [Fact]
    public void Excerpt_LongMarkdown_IsPlainOneLineAndShortened()
    {
        var excerpt = MarkdownText.Excerpt("# Title\n\nSome **bold**\ntext " + new string('a', 300), 40);

        excerpt.Length.ShouldBeLessThanOrEqualTo(40);
        excerpt.ShouldStartWith("Title Some bold text");
        excerpt.ShouldEndWith("…");
        excerpt.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("10.1234/abc.def", "https://doi.org/10.1234/abc.def")]
    [InlineData("doi:10.5555/x<y", "https://doi.org/10.5555/x%3Cy")]
    [InlineData("https://example.org/paper", "https://example.org/paper")]
    [InlineData("just text", null)]
    public void PublicationLink_From_LinksUrlsAndDois(string publication, string? href)
    {
        PublicationLink.From(publication).Href.ShouldBe(href);
    }
}
