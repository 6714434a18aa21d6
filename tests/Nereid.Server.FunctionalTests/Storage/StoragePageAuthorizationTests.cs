using System.Net;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The /storage page × every role of <see cref="MatrixWorld"/> (no cluster): members see their namespace and may post
/// a volume to it, resize or delete one (reaching the plain "no cluster" conflict), guests — the demoted namespace admin among them — read
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

    /// <summary>Describing a class is for platform admins, who reach the plain "no such cluster" (404) here.</summary>
    private static readonly Dictionary<Role, HttpStatusCode> DescribeExpected = new()
    {
        [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Forbidden, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.Forbidden,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.NotFound,
    };

    public static TheoryData<string, Role> Cells() =>
        RoleMatrix.Cells(["GET storage page", "POST volume from the page", "POST volume resize from the page", "POST volume delete from the page",
            "POST bucket from the page", "POST description from the page"]);

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
        var (handler, fields, expected) = endpoint switch
        {
            "POST volume from the page" => ("Create", new Dictionary<string, string>
            {
                ["ns"] = scene.Namespace, ["Input.Name"] = "data", ["Input.StorageClass"] = "rook-ceph-block", ["Input.Size"] = "1Gi", ["Input.AccessMode"] = "ReadWriteOnce",
            }, PostExpected[role]),
            "POST volume resize from the page" => ("Resize", new Dictionary<string, string>
            {
                ["ns"] = scene.Namespace, ["volume"] = "data", ["Resize.Size"] = "2Gi",
            }, PostExpected[role]),
            "POST volume delete from the page" => ("Delete", new Dictionary<string, string>
            {
                ["ns"] = scene.Namespace, ["volume"] = "data", ["DeleteVolume.Confirm"] = "data",
            }, PostExpected[role]),
            "POST bucket from the page" => ("BucketCreate", new Dictionary<string, string>
            {
                ["ns"] = scene.Namespace, ["Bucket.Name"] = "photos", ["Bucket.BucketClass"] = "rook-ceph-bucket",
            }, PostExpected[role]),
            _ => ("Describe", new Dictionary<string, string>
            {
                ["cluster"] = "west", ["storageClass"] = "rook-ceph-block", ["version"] = "0", ["Describe.Region"] = "us-west",
            }, DescribeExpected[role]),
        };
        fields["__RequestVerificationToken"] = token;
        using var form = new FormUrlEncodedContent(fields);
        using var posted = await client.PostAsync($"/storage?handler={handler}", form);

        posted.StatusCode.ShouldBe(expected, endpoint);
    }
}
