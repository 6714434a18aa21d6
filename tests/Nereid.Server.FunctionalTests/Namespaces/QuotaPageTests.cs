using System.Net;
using System.Text.RegularExpressions;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Namespaces;

/// <summary>The quota form on /manage/{name}/quota (no JavaScript) and the quota table on the namespace page.</summary>
public sealed partial class QuotaPageTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    private async Task<string> NamespaceAsync(string owner)
    {
        var person = await app.CreatePersonAsync(owner, Tier.Admin);
        var name = "qp-" + owner;
        await app.CreateNamespaceAsync(person, name);
        return name;
    }

    private static string VersionOf(string html) => VersionField().Match(html).Groups[1].Value;

    [Fact]
    public async Task Post_PlatformAdminSetsLines_SavedAndShownOnTheNamespacePage()
    {
        var ns = await NamespaceAsync("qpowner1");
        using var client = await PageClient.AdminAsync(app);
        var page = await client.GetAsync($"/manage/{ns}/quota");

        var saved = await client.SubmitAsync($"/manage/{ns}/quota", new()
        {
            ["Input.Overrides"] = "requests.nvidia.com/gpu = 4\r\nrequests.memory: 524288Mi\r\n",
            ["Input.Version"] = VersionOf(page.Text),
        });

        page.Status.ShouldBe(HttpStatusCode.OK);
        saved.Status.ShouldBe(HttpStatusCode.Redirect);
        saved.Location.ShouldBe($"/namespaces/{ns}#quota");
        var detail = await client.GetAsync($"/namespaces/{ns}");
        detail.Decoded.ShouldContain("Memory requested <code class=\"raw\">requests.memory</code></th><td title=\"512Gi\">512 GiB</td><td>set for this namespace</td>");
        detail.Decoded.ShouldContain("GPUs requested (NVIDIA) <code class=\"raw\">requests.nvidia.com/gpu</code></th><td title=\"4\">4</td><td>set for this namespace</td>");
        detail.Decoded.ShouldContain("CPU requested <code class=\"raw\">requests.cpu</code></th><td title=\"64\">64 cores</td><td>default</td>");
        (await client.GetAsync($"/manage/{ns}/quota")).Decoded.ShouldContain("requests.memory = 512Gi");
    }

    [Fact]
    public async Task Post_BadLineOrQuantity_400WithReadableErrorsAndNothingSaved()
    {
        var ns = await NamespaceAsync("qpowner2");
        using var client = await PageClient.AdminAsync(app);

        var badLine = await client.SubmitAsync($"/manage/{ns}/quota", new() { ["Input.Overrides"] = "requests.cpu 8" });
        var badQuantity = await client.SubmitAsync($"/manage/{ns}/quota", new() { ["Input.Overrides"] = "requests.cpu = 8\nrequests.memory = plenty" });

        badLine.Status.ShouldBe(HttpStatusCode.BadRequest);
        badLine.Decoded.ShouldContain("Line 1 ('requests.cpu 8') is not 'resource = quantity'.");
        badQuantity.Status.ShouldBe(HttpStatusCode.BadRequest);
        badQuantity.Decoded.ShouldContain("'plenty' for requests.memory is not a Kubernetes quantity");
        badQuantity.Decoded.ShouldContain("requests.memory = plenty");
        (await client.GetAsync($"/namespaces/{ns}")).Decoded.ShouldNotContain("set for this namespace");
    }

    [Fact]
    public async Task Get_NamespaceAdminOrAnonymous_ForbiddenOrSignIn()
    {
        var ns = await NamespaceAsync("qpowner3");
        using var owner = await PageClient.SignInAsync(app, "qpowner3", "qpowner3-password");
        using var anonymous = PageClient.Anonymous(app);

        var asOwner = await owner.GetAsync($"/manage/{ns}/quota");
        var asAnonymous = await anonymous.GetAsync($"/manage/{ns}/quota");
        var detail = await owner.GetAsync($"/namespaces/{ns}");

        asOwner.Status.ShouldBe(HttpStatusCode.Forbidden);
        asOwner.Decoded.ShouldContain("Only platform admins may change a namespace's quota.");
        asAnonymous.Status.ShouldBe(HttpStatusCode.Redirect);
        detail.Decoded.ShouldContain("<code class=\"raw\">requests.cpu</code>");
        detail.Text.ShouldNotContain($"/manage/{ns}/quota");
    }

    [GeneratedRegex("name=\"Input.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
