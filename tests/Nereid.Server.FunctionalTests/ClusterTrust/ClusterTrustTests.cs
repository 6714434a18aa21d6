using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble.Auth;
using Nereid.Kubernetes.Projection;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Provider;
using Nereid.Server.Namespaces;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.ClusterTrust;

/// <summary>
/// A cluster trusts Nereid's tokens: the published AuthenticationConfiguration names Nereid's issuer, the cluster's
/// client and the reconciler's prefixes, and real kubectl with a <c>nereid auth token</c> exec kubeconfig pointed at
/// Nereid is allowed for a namespace member, then refused once the member is removed and the token refreshed.
/// </summary>
public sealed class ClusterTrustTests(ClusterTrustFixture fx) : IClassFixture<ClusterTrustFixture>
{
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task AuthenticationConfig_ConnectedCluster_NamesNereidsIssuerTheClustersClientAndTheReconcilersPrefixes()
    {
        using var http = new HttpClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(fx.App.BaseUrl + "/.well-known/openid-configuration"));

        var jwt = AuthenticationConfiguration.Load(fx.AuthenticationConfig).Jwt.ShouldHaveSingleItem();

        jwt.IssuerUrl.ShouldBe(discovery.RootElement.GetProperty("issuer").GetString());
        jwt.Audiences.ShouldBe([ClusterTrustFixture.ClientId]);
        // The reconciler names members User "oidc:<email>" (ProjectionOptions.UsernamePrefix) in its RoleBindings.
        jwt.Username.ShouldBe(new ClaimMapping("email", new ProjectionOptions().UsernamePrefix));
        jwt.Groups.ShouldBe(new ClaimMapping("groups", "oidc:"));
    }

    [Fact]
    public async Task Kubectl_MemberWithNereidToken_AllowedThenForbiddenOnceRemovedAndRefreshed()
    {
        var admin = await fx.App.AdminAsync();
        var userName = Unique("kate");
        var person = await fx.App.CreatePersonAsync(userName, Tier.User);
        var ns = Unique("lab");
        await fx.App.CreateNamespaceAsync(admin, ns);
        await fx.App.AddMemberAsync(admin, ns, person, MembershipRole.Member);
        var subject = new ProjectionOptions().UsernamePrefix + person.Email.ToLowerInvariant();
        await Eventually.TrueAsync(async () => (await RoleBindingsAsync(ns)).Contains(subject, StringComparison.Ordinal),
            "the reconciler never bound the member in the cluster");
        var cache = await SignInAndSeedCliCacheAsync(userName);
        var kubeconfig = await KubeconfigAsync();

        var allowed = await KubectlGetPodsAsync(kubeconfig, cache.Directory, ns);
        await RemoveMemberAsync(admin, ns, person);
        await Eventually.TrueAsync(async () => !(await RoleBindingsAsync(ns)).Contains(subject, StringComparison.Ordinal),
            "the reconciler never removed the member's binding");
        ExpireCachedIdToken(cache.File);
        var refused = await KubectlGetPodsAsync(kubeconfig, cache.Directory, ns);

        allowed.ExitCode.ShouldBe(0, allowed.Stderr);
        refused.ExitCode.ShouldNotBe(0);
        refused.Stderr.ShouldContain("Forbidden");
        refused.Stderr.ShouldContain($"User \"{subject}\" cannot list resource \"pods\"");
        var refreshed = CachedClaims(cache.File);
        refreshed["groups"]?.AsArray().Select(g => g!.GetValue<string>()).ShouldNotContain($"ns:{ns}");
        fx.Kube.JwtAuthenticator!.Refusals.ShouldBeEmpty();
    }

    [Fact]
    public async Task Kubectl_TrustingClusterGroupBinding_AllowedWithDownloadedKubeconfigThenForbiddenOnceRemovedAndRefreshed()
    {
        var admin = await fx.App.AdminAsync();
        using var adminApi = await fx.App.ClientForAsync(admin);
        var userName = Unique("tess");
        var person = await fx.App.CreatePersonAsync(userName, Tier.User);
        var ns = Unique("grp");
        await fx.App.CreateNamespaceAsync(admin, ns);
        await fx.App.AddMemberAsync(admin, ns, person, MembershipRole.Member);
        await SetTrustAsync(adminApi, true);
        try
        {
            // The cluster's groups prefix ("oidc:" by default) + the groups Nereid's tokens carry.
            string[] groups = [$"Group:rbac.authorization.k8s.io:oidc:ns:{ns}", $"Group:rbac.authorization.k8s.io:oidc:ns:{ns}:admin"];
            await Eventually.TrueAsync(async () => (await SubjectsAsync(ns)).SequenceEqual(groups),
                "the reconciler never bound only the namespace's groups in the trusting cluster");
            var cache = await SignInAndSeedCliCacheAsync(userName);
            using var personApi = await fx.App.ClientForAsync(person);
            var kubeconfig = await DownloadKubeconfigAsync(personApi);

            var allowed = await KubectlGetPodsAsync(kubeconfig, cache.Directory, ns);
            await RemoveMemberAsync(admin, ns, person);
            ExpireCachedIdToken(cache.File);
            var refused = await KubectlGetPodsAsync(kubeconfig, cache.Directory, ns);

            allowed.ExitCode.ShouldBe(0, allowed.Stderr);
            refused.ExitCode.ShouldNotBe(0);
            refused.Stderr.ShouldContain("Forbidden");
            refused.Stderr.ShouldContain("cannot list resource \"pods\"");
            // The group binding never changed: the refused token simply no longer carries the group.
            (await SubjectsAsync(ns)).ShouldBe(groups);
            CachedClaims(cache.File)["groups"]?.AsArray().Select(g => g!.GetValue<string>()).ShouldNotContain($"ns:{ns}");
            fx.Kube.JwtAuthenticator!.Refusals.ShouldBeEmpty();
            await using var scope = fx.App.Services.CreateAsyncScope();
            var audit = await scope.ServiceProvider.GetRequiredService<Nereid.Data.NereidDbContext>().AuditEvents
                .Where(e => e.Action == "cluster.trust" && e.TargetId == ClusterTrustFixture.ClusterName).ToListAsync();
            audit.ShouldNotBeEmpty();
        }
        finally
        {
            // The class's other test expects the cluster to bind people again.
            await SetTrustAsync(adminApi, false);
        }
    }

    [Fact]
    public async Task ClustersPage_AdminPressesTrust_RecordedAndGetConfigNamesNereidsLogin()
    {
        using var adminApi = await fx.App.ClientForAsync(await fx.App.AdminAsync());
        var userName = Unique("paul");
        await fx.App.CreatePersonAsync(userName, Tier.User);
        using var current = await adminApi.GetAsync($"/api/v1/clusters/{ClusterTrustFixture.ClusterName}/trust");
        var version = JsonNode.Parse(await current.Content.ReadAsStringAsync())!["version"]!.GetValue<int>();
        using var adminPage = await PageClient.AdminAsync(fx.App);
        try
        {
            var pressed = await adminPage.SubmitAsync("/clusters", new Dictionary<string, string>
            {
                ["cluster"] = ClusterTrustFixture.ClusterName, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["trusts"] = "true",
            }, "/clusters?handler=Trust");
            using var person = await PageClient.SignInAsync(fx.App, userName, userName + "-password");
            var config = await person.GetAsync("/config");

            pressed.Status.ShouldBe(HttpStatusCode.OK);
            pressed.Decoded.ShouldContain("Yes: namespace groups are bound");
            using var after = await adminApi.GetAsync($"/api/v1/clusters/{ClusterTrustFixture.ClusterName}/trust");
            JsonNode.Parse(await after.Content.ReadAsStringAsync())!["trustsNereid"]!.GetValue<bool>().ShouldBeTrue();
            config.Decoded.ShouldContain($"nereid login --issuer {fx.App.BaseUrl}/ --client-id {ClusterTrustFixture.ClientId}");
        }
        finally
        {
            await SetTrustAsync(adminApi, false);
        }
    }

    [Fact]
    public async Task PutTrust_StaleIfMatchOrNoValue_RefusedAndNothingSaved()
    {
        using var adminApi = await fx.App.ClientForAsync(await fx.App.AdminAsync());
        var url = $"/api/v1/clusters/{ClusterTrustFixture.ClusterName}/trust";
        using var before = await adminApi.GetAsync(url);
        var etag = before.Headers.ETag!.Tag;
        var version = JsonNode.Parse(await before.Content.ReadAsStringAsync())!["version"]!.GetValue<int>();

        using var stale = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { trustsNereid = true }) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"v{version + 5}\"");
        using var staleResponse = await adminApi.SendAsync(stale);
        using var empty = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { }) };
        empty.Headers.TryAddWithoutValidation("If-Match", etag);
        using var emptyResponse = await adminApi.SendAsync(empty);
        using var after = await adminApi.GetAsync(url);

        staleResponse.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed, await staleResponse.Content.ReadAsStringAsync());
        emptyResponse.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await emptyResponse.Content.ReadAsStringAsync());
        (await emptyResponse.Content.ReadAsStringAsync()).ShouldContain("trustsNereid");
        after.Headers.ETag!.Tag.ShouldBe(etag);
    }

    private async Task<List<string>> SubjectsAsync(string ns) =>
        [.. JsonNode.Parse(await RoleBindingsAsync(ns))!["items"]!.AsArray().SelectMany(b => b!["subjects"]!.AsArray())
            .Select(x => $"{x!["kind"]}:{x["apiGroup"]}:{x["name"]}").Order(StringComparer.Ordinal)];

    private static async Task SetTrustAsync(HttpClient adminApi, bool trusts)
    {
        var url = $"/api/v1/clusters/{ClusterTrustFixture.ClusterName}/trust";
        using var current = await adminApi.GetAsync(url);
        current.EnsureSuccessStatusCode();
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { trustsNereid = trusts }) };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        using var response = await adminApi.SendAsync(put);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["trustsNereid"]!.GetValue<bool>().ShouldBe(trusts);
    }

    /// <summary>The person's kubeconfig as Get config serves it; for a trusting cluster its exec plugin asks Nereid's issuer.</summary>
    private async Task<string> DownloadKubeconfigAsync(HttpClient personApi)
    {
        var yaml = await personApi.GetStringAsync($"/api/v1/clusters/{ClusterTrustFixture.ClusterName}/kubeconfig");
        yaml.ShouldContain(fx.App.BaseUrl);
        yaml.ShouldContain(ClusterTrustFixture.ClientId);
        var path = Path.Combine(Directory.CreateTempSubdirectory("nereid-trust-kc-").FullName, "config");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    private async Task RemoveMemberAsync(Nereid.Domain.People.Person admin, string ns, Nereid.Domain.People.Person person)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        await namespaces.RemoveMemberAsync(PageTestData.ActorOf(admin), ns, person.Id.ToString(), CancellationToken.None);
    }

    private async Task<string> RoleBindingsAsync(string ns)
    {
        using var client = fx.Kube.CreateClient();
        return await client.GetStringAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings");
    }

    /// <summary>
    /// The person signs in to the portal and completes code + PKCE for the cluster's client; the tokens go into the
    /// CLI's cache the way <c>nereid login</c> stores them (that login itself is tested with the CLI's own tests).
    /// </summary>
    private async Task<(string Directory, string File)> SignInAndSeedCliCacheAsync(string userName)
    {
        using var browser = await PageClient.SignInAsync(fx.App, userName, userName + "-password");
        var flow = new ProviderFlow(fx.App);
        var client = new ProviderFlow.Client(ClusterTrustFixture.ClientId, null);
        var pkce = ProviderFlow.Pkce.Create();
        var code = await flow.CodeAsync(browser, client, "openid email profile groups offline_access", pkce);
        var (status, tokens) = await flow.RedeemAsync(client, code, pkce.Verifier);
        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        var idToken = tokens.GetProperty("id_token").GetString()!;
        var claims = Claims(idToken);
        var dir = Directory.CreateTempSubdirectory("nereid-trust-cache-").FullName;
        var issuer = fx.App.BaseUrl.TrimEnd('/');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "|" + ClusterTrustFixture.ClientId)));
        var file = Path.Combine(dir, "tokens", hash + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, new JsonObject
        {
            ["issuer"] = issuer,
            ["client_id"] = ClusterTrustFixture.ClientId,
            ["id_token"] = idToken,
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString(),
            ["expires_at"] = claims["exp"]!.GetValue<long>(),
            ["issued_at"] = claims["iat"]!.GetValue<long>(),
        }.ToJsonString());
        return (dir, file);
    }

    private async Task<string> KubeconfigAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("nereid-trust-kc-").FullName, "config");
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(fx.Kube.CaCertificatePem));
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {ClusterTrustFixture.ClusterName}
              cluster:
                server: {fx.Kube.BaseAddress.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: nereid
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: nereid
                  args: [auth, token, --issuer, "{fx.App.BaseUrl}", --client-id, {ClusterTrustFixture.ClientId}]
                  interactiveMode: Never
            contexts:
            - name: {ClusterTrustFixture.ClusterName}
              context:
                cluster: {ClusterTrustFixture.ClusterName}
                user: nereid
            current-context: {ClusterTrustFixture.ClusterName}
            """);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> KubectlGetPodsAsync(string kubeconfig, string cacheDir, string ns)
    {
        var bin = await CliBinDirectoryAsync();
        return await RunAsync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "get", "pods", "-n", ns], new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["NEREID_CACHE_DIR"] = cacheDir,
            ["HOME"] = Path.GetDirectoryName(kubeconfig)!,
        });
    }

    /// <summary>Makes the cached ID token look expired (the refresh token stays), so the next kubectl refreshes it at Nereid.</summary>
    private static void ExpireCachedIdToken(string file)
    {
        var entry = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        entry["expires_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        File.WriteAllText(file, entry.ToJsonString());
    }

    private static JsonObject CachedClaims(string file) =>
        Claims(JsonNode.Parse(File.ReadAllText(file))!["id_token"]!.GetValue<string>());

    private static JsonObject Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')))!.AsObject();
    }
}
