using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Ledger;

/// <summary>The /usage report page × every role of <see cref="MatrixWorld"/>: the ledger API's rule, as a page.</summary>
public sealed class UsagePageAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static readonly Dictionary<string, (Func<Scene, string> Url, Dictionary<Role, int> Expected)> Pages = new()
    {
        ["GET usage of a namespace"] = (s => $"/usage?namespace={s.Namespace}", S(302, 403, 403, 200, 403, 200, 403, 200)),
        ["GET usage by month"] = (s => $"/usage?namespace={s.Namespace}&period=month", S(302, 403, 403, 200, 403, 200, 403, 200)),
        ["GET usage of my namespaces"] = (_ => "/usage?from=2026-01-01&to=2026-12-31", S(302, 200, 200, 200, 200, 200, 200, 200)),
        ["GET usage bad date"] = (_ => "/usage?to=tomorrow", S(302, 400, 400, 400, 400, 400, 400, 400)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Pages.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Page_Role_GetsExpectedStatus(string page, Role role)
    {
        var (url, expected) = Pages[page];
        var scene = await world.SceneAsync();

        using var response = await world.Client(role).GetAsync(url(scene));

        ((int)response.StatusCode).ShouldBe(expected[role], $"{page} as {role}");
        if (role != A)
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }
}
