using System.Net;
using System.Net.Http.Json;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// Used bytes and object counts of a member's S3 user, read from the object gateway's admin API (the test-only stand-in,
/// checking the Signature Version 4 header) beside the keys Rook wrote (the Rook stand-in).
/// </summary>
public sealed class S3UsageTests : IAsyncLifetime
{
    private const string Ns = "s3-usage";
    private const string StoreNs = "rook-ceph";
    private ClusterAppFactory _app = null!;
    private RookStandIn _rook = null!;
    private RgwAdminStandIn _gateway = null!;
    private Person _member = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await RgwAdminStandIn.StartAsync();
        _app = await RookApp.StartAsync(StoreNs);
        _app.With("Nereid:Storage:ObjectStore:AdminEndpoint", _gateway.BaseAddress.ToString())
            .With("Nereid:Storage:ObjectStore:AdminAccessKey", RgwAdminStandIn.AccessKey)
            .With("Nereid:Storage:ObjectStore:AdminSecretKey", RgwAdminStandIn.SecretKey);
        _rook = new RookStandIn(_app.Admin, StoreNs);
        var admin = await _app.CreatePersonAsync("usageadmin", Tier.Admin);
        _member = await _app.CreatePersonAsync("usagemember", Tier.User);
        await _app.CreateNamespaceAsync(Ns, admin, _member);
        _client = await _app.ClientForAsync(_member);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _rook.DisposeAsync();
        await _app.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Credentials_GatewayReportsUsage_UsedBytesAndObjectsShown()
    {
        var user = S3UserNames.UserName(Ns, _member.Id);
        _gateway.SetUsage(user, 5_368_709_120, 1234);

        var view = await ReadyAsync();

        view.UsedBytes.ShouldBe(5_368_709_120);
        view.Objects.ShouldBe(1234);
        _gateway.Refused.ShouldBe(0);
        _gateway.SetUsage(user, 42, 1);
        var later = await ReadAsync();
        later.UsedBytes.ShouldBe(42);
        later.Objects.ShouldBe(1);
    }

    [Fact]
    public async Task StoragePage_GatewayReportsUsage_UsedBytesAndObjectsBesideTheKeys()
    {
        _gateway.SetUsage(S3UserNames.UserName(Ns, _member.Id), 5_368_709_120, 1234);
        await ReadyAsync();

        using var response = await _client.GetAsync("/storage");
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<dt>Used</dt><dd>5 GiB</dd>");
        html.ShouldContain("<dt>Objects</dt><dd>1,234</dd>");
        _gateway.Refused.ShouldBe(0);
    }

    [Fact]
    public async Task Credentials_GatewayDoesNotKnowTheUser_UsageUnknownNotZero()
    {
        var view = await ReadyAsync();

        view.UsedBytes.ShouldBeNull();
        view.Objects.ShouldBeNull();
        view.AccessKey.ShouldNotBeNull();
    }

    private async Task<S3CredentialsView> ReadAsync()
    {
        using var response = await _client.GetAsync($"/api/v1/namespaces/{Ns}/s3/credentials");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<S3CredentialsView>())!;
    }

    private async Task<S3CredentialsView> ReadyAsync()
    {
        S3CredentialsView? ready = null;
        await Eventually.TrueAsync(async () => (ready = await ReadAsync()).AccessKey is not null, "the member's S3 keys never appeared");
        return ready!;
    }
}
