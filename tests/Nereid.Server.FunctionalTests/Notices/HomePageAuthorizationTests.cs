using System.Net;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Notices;

/// <summary>
/// /home × every role of <see cref="MatrixWorld"/> (no cluster, no JupyterHub): signed-in people get their page, the
/// storage of a namespace only when they belong to it, guests a polite word instead, and everyone the plain "no JupyterHub".
/// </summary>
public sealed class HomePageAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET home page"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task HomePage_EachRole_ShowsOnlyOwnNamespacesStorage(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();

        using var page = await world.Client(role).GetAsync("/home");

        if (role == Role.Anonymous)
        {
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect, endpoint);
            page.Headers.Location!.OriginalString.ShouldContain("/login");
            return;
        }
        page.StatusCode.ShouldBe(HttpStatusCode.OK, endpoint);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var member = role is Role.Member or Role.NamespaceAdmin;
        html.Contains($"<a href=\"/storage\">{scene.Namespace}</a>", StringComparison.Ordinal).ShouldBe(member, $"{role} sees the storage of {scene.Namespace}");
        html.Contains("As a guest you hold no storage", StringComparison.Ordinal).ShouldBe(role is Role.Guest or Role.Demoted, role.ToString());
        html.ShouldContain("Jupyter sessions are not offered here: no JupyterHub is configured.");
    }
}
