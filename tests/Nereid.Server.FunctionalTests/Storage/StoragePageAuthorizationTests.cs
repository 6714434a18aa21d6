using System.Net;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The /storage page × every role of <see cref="MatrixWorld"/> (no cluster): members see their namespace and may post
/// a volume to it (reaching the plain "no cluster" conflict), guests — the demoted namespace admin among them — read
/// a polite explanation, and nobody else sees the namespace or gets a volume into it.
/// </summary>
public sealed class StoragePageAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> PostExpected = new()
    {
        [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Conflict, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.Conflict,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.Conflict,
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET storage page", "POST volume from the page"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task StoragePage_EachRole_ShowsAndChangesOnlyOwnNamespaces(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var client = world.Client(role);

        using var page = await client.GetAsync("/storage");

        if (role == Role.Anonymous)
        {
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect, endpoint);
            return;
        }
        page.StatusCode.ShouldBe(HttpStatusCode.OK, endpoint);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var member = role is Role.Member or Role.NamespaceAdmin;
        html.Contains($">{scene.Namespace}<", StringComparison.Ordinal).ShouldBe(member, $"{role} sees {scene.Namespace}");
        html.Contains("guests hold no namespace roles", StringComparison.Ordinal).ShouldBe(role is Role.Guest or Role.Demoted, role.ToString());
        if (endpoint == "GET storage page")
            return;

        var token = PageClient.AntiforgeryToken(html) ?? throw new InvalidOperationException("the storage page has no antiforgery field");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ns"] = scene.Namespace, ["Input.Name"] = "data", ["Input.StorageClass"] = "rook-ceph-block", ["Input.Size"] = "1Gi",
            ["Input.AccessMode"] = "ReadWriteOnce", ["__RequestVerificationToken"] = token,
        });
        using var posted = await client.PostAsync("/storage?handler=Create", form);

        posted.StatusCode.ShouldBe(PostExpected[role], endpoint);
    }
}
