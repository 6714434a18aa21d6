using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Domain.People;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The /storage page against the double and the Rook stand-in: a member's volumes with size, class, mode, status and
/// bound volume, the storage quota as the ResourceQuota's status counts it beside the new-volume form, the double's own
/// quota refusal shown next to the size field (create and expand) with nothing changed, expansion and deletion after
/// typing the name, and the S3 secret key shown once on request (usage "not reported" while the gateway says nothing),
/// rotated and revoked with the page's own forms.
/// </summary>
public sealed class StoragePageTests : IAsyncLifetime
{
    private const string Ns = "page-lab";
    private const string StoreNs = "rook-ceph";
    private ClusterAppFactory _app = null!;
    private RookStandIn _rook = null!;
    private HttpClient _member = null!;
    private string _user = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.CustomResourceDefinitions.Add(CrdLoader.LocateReference("rook") ?? throw new InvalidOperationException("shared/reference/rook not found"));
            o.SeedObjects.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = StoreNs } });
            o.SeedObjects.Add(new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["metadata"] = new JsonObject { ["name"] = "rook-ceph-block" },
                ["provisioner"] = "rook-ceph.rbd.csi.ceph.com", ["allowVolumeExpansion"] = true,
            });
            o.WriteQuotaStatus = true;
        });
        _app.With("Nereid:Storage:ObjectStore:Name", "my-store")
            .With("Nereid:Storage:ObjectStore:Namespace", StoreNs)
            .With("Nereid:Storage:ObjectStore:ResyncInterval", "00:00:00.100");
        _rook = new RookStandIn(_app.Admin, StoreNs);
        var member = await StorageLab.SeedAsync(_app, Ns);
        _member = await _app.ClientForAsync(member);
        _user = Nereid.Server.Storage.S3.S3UserNames.UserName(Ns, member.Id);
        await Eventually.TrueAsync(async () => (await PageAsync()).Contains("rook-ceph-block (default)", StringComparison.Ordinal)
            || (await PageAsync()).Contains(">rook-ceph-block<", StringComparison.Ordinal), "the page never listed the class");
    }

    public async Task DisposeAsync()
    {
        _member.Dispose();
        await _rook.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<string> PageAsync()
    {
        using var response = await _member.GetAsync("/storage");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string Html)> PostAsync(string handler, Dictionary<string, string> fields)
    {
        var token = PageClient.AntiforgeryToken(await PageAsync()) ?? throw new InvalidOperationException("no antiforgery field");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["ns"] = Ns, ["__RequestVerificationToken"] = token });
        using var response = await _member.PostAsync($"/storage?handler={handler}", form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private Task<(HttpStatusCode Status, string Html)> CreateAsync(string name, string size) => PostAsync("Create", new()
    {
        ["Input.Name"] = name, ["Input.StorageClass"] = "rook-ceph-block", ["Input.Size"] = size, ["Input.AccessMode"] = "ReadWriteOnce",
    });

    [Fact]
    public async Task Create_WithinQuota_VolumeListedWithSizeClassModeAndStatus()
    {
        var (status, _) = await CreateAsync("data", "4Gi");

        status.ShouldBe(HttpStatusCode.Redirect);
        await Eventually.TrueAsync(async () => (await PageAsync()).Contains("<td>Bound</td>", StringComparison.Ordinal), "the volume never showed as Bound");
        var html = await PageAsync();
        html.ShouldContain("<th scope=\"row\">data</th>");
        html.ShouldContain("<td>4 GiB</td>");
        html.ShouldContain("<td>ReadWriteOnce</td>");
        html.ShouldContain("Volumes read from cluster " + ClusterAppFactory.ClusterName);
    }

    [Fact]
    public async Task Create_OverQuota_TheDoublesMessageBesideTheSizeFieldAndNothingCreated()
    {
        var (status, html) = await CreateAsync("huge", "12Gi");

        status.ShouldBe(HttpStatusCode.BadRequest);
        var message = "persistentvolumeclaims \"huge\" is forbidden: exceeded quota: nereid-quota, requested: requests.storage=12Gi, used: requests.storage=0, limited: requests.storage=10Gi";
        html.ShouldContain($"-size-error\" class=\"error storage-message\">{message}</p>");
        html.ShouldContain("value=\"12Gi\"");
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "huge")).ShouldBeNull();
    }

    private async Task<string> BoundVolumeAsync(string name)
    {
        string? volume = null;
        await Eventually.TrueAsync(async () => (volume = (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, name))?.Spec?.VolumeName) is not null
            && (await PageAsync()).Contains($"<td class=\"storage-key\">{volume}</td>", StringComparison.Ordinal), $"volume {name} never showed as bound");
        return volume!;
    }

    private Task<(HttpStatusCode Status, string Html)> ResizeAsync(string name, string size) =>
        PostAsync("Resize", new() { ["volume"] = name, ["Resize.Size"] = size });

    private Task<(HttpStatusCode Status, string Html)> DeleteAsync(string name, string confirm) =>
        PostAsync("Delete", new() { ["volume"] = name, ["DeleteVolume.Confirm"] = confirm });

    [Fact]
    public async Task Create_WithinQuota_BoundVolumeNamedAndQuotaCountedBesideTheForm()
    {
        (await CreateAsync("data", "4Gi")).Status.ShouldBe(HttpStatusCode.Redirect);

        var volume = await BoundVolumeAsync("data");

        volume.ShouldStartWith("pvc-");
        await Eventually.TrueAsync(async () => (await PageAsync()).Contains("<dt>Storage requested</dt><dd>4 GiB of 10 GiB</dd>", StringComparison.Ordinal),
            "the quota beside the form never counted the volume");
        var html = await PageAsync();
        html.IndexOf("<dt>Storage requested</dt>", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("Create volume</button>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resize_WithinQuota_RedirectsAndTheClaimGrows()
    {
        (await CreateAsync("grow", "4Gi")).Status.ShouldBe(HttpStatusCode.Redirect);
        await BoundVolumeAsync("grow");

        var (status, _) = await ResizeAsync("grow", "6Gi");

        status.ShouldBe(HttpStatusCode.Redirect);
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "grow"))!.Spec!.Resources!.Requests!["storage"].ToString().ShouldBe("6Gi");
        await Eventually.TrueAsync(async () => (await PageAsync()).Contains("<td>6 GiB</td>", StringComparison.Ordinal), "the page never showed the new size");
    }

    [Fact]
    public async Task Resize_OverQuota_TheDoublesMessageBesideTheFormAndNothingChanged()
    {
        (await CreateAsync("grow", "6Gi")).Status.ShouldBe(HttpStatusCode.Redirect);
        await BoundVolumeAsync("grow");

        var (status, html) = await ResizeAsync("grow", "11Gi");

        status.ShouldBe(HttpStatusCode.BadRequest);
        var message = "persistentvolumeclaims \"grow\" is forbidden: exceeded quota: nereid-quota, requested: requests.storage=5Gi, used: requests.storage=6Gi, limited: requests.storage=10Gi";
        html.ShouldContain($"-grow-error\" class=\"error storage-message\">{message}</p>");
        html.ShouldContain("value=\"11Gi\"");
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "grow"))!.Spec!.Resources!.Requests!["storage"].ToString().ShouldBe("6Gi");
    }

    [Fact]
    public async Task Delete_NameNotTyped_MessageBesideTheFormAndNothingDeleted()
    {
        (await CreateAsync("keep", "1Gi")).Status.ShouldBe(HttpStatusCode.Redirect);
        await BoundVolumeAsync("keep");

        var (status, html) = await DeleteAsync("keep", "kep");

        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("-keep-error\" class=\"error storage-message\">Type the volume's name (keep) to delete it and its data.</p>");
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "keep")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Delete_TypedName_VolumeGone()
    {
        (await CreateAsync("scratch", "1Gi")).Status.ShouldBe(HttpStatusCode.Redirect);
        await BoundVolumeAsync("scratch");

        var (status, _) = await DeleteAsync("scratch", "scratch");

        status.ShouldBe(HttpStatusCode.Redirect);
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "scratch")).ShouldBeNull();
        (await PageAsync()).ShouldNotContain("<th scope=\"row\">scratch</th>");
    }

    [Fact]
    public async Task RevealS3Secret_OnRequest_ShownOnceThenNeverAgain()
    {
        await Eventually.TrueAsync(async () => (await PageAsync()).Contains("Show the secret key once", StringComparison.Ordinal), "the keys were never issued");
        var listing = await PageAsync();
        listing.ShouldContain("<dt>Used</dt><dd>not reported</dd>");
        listing.ShouldContain("<dt>Objects</dt><dd>not reported</dd>");
        _rook.IssuedSecretKeys.ShouldNotBeEmpty();
        // Every member's keys are issued, in whatever order the controller applies them: none is on the page before the request.
        foreach (var key in _rook.IssuedSecretKeys)
            listing.ShouldNotContain(key);

        var (status, revealed) = await PostAsync("Reveal", []);

        status.ShouldBe(HttpStatusCode.OK);
        var shown = _rook.IssuedSecretKeys.Where(key => revealed.Contains($"<code>{key}</code>", StringComparison.Ordinal)).ToList();
        shown.Count.ShouldBe(1, "exactly the person's own secret key is revealed");
        var after = await PageAsync();
        after.ShouldNotContain(shown[0]);
        after.ShouldContain("Already shown once.");
    }

    [Fact]
    public async Task RotateForm_NewKeyShownOnceAndTheOldOneGoneFromTheSecret()
    {
        var (access, secret) = await RevealAsync(null);

        var (status, _) = await PostAsync("Rotate", []);

        status.ShouldBe(HttpStatusCode.Redirect);
        var (newAccess, newSecret) = await RevealAsync(access);
        newSecret.ShouldNotBe(secret);
        var stored = await _app.Admin.GetAsync<UnstructuredObject>(new ResourceType("", "v1", "secrets", "Secret", true), StoreNs, $"rook-ceph-object-user-my-store-{_user}");
        var data = stored!["data"]!.ToJsonString();
        data.ShouldNotContain(B64(secret));
        data.ShouldNotContain(B64(access));
        data.ShouldContain(B64(newSecret));
        _rook.Accepts(access, secret).ShouldBeFalse();
        _rook.Accepts(newAccess, newSecret).ShouldBeTrue();
        var after = await PageAsync();
        after.ShouldNotContain(newSecret);
        after.ShouldContain("Already shown once.");
    }

    [Fact]
    public async Task RevokeForm_UserRemovedThenGetNewKeysGrantsAnew()
    {
        var (access, secret) = await RevealAsync(null);

        var (status, _) = await PostAsync("Revoke", []);

        status.ShouldBe(HttpStatusCode.Redirect);
        await Eventually.TrueAsync(async () => (await PageAsync()).Contains("You revoked your keys here.", StringComparison.Ordinal), "the page never said the keys were revoked");
        (await _app.Admin.GetAsync<UnstructuredObject>(new ResourceType("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true), StoreNs, _user)).ShouldBeNull();
        _rook.Accepts(access, secret).ShouldBeFalse();

        // "Get new keys" is the reveal form: the person's request grants a new user, whose secret key is shown once.
        (await PostAsync("Reveal", [])).Status.ShouldBe(HttpStatusCode.OK);
        var (_, newSecret) = await RevealAsync(access);
        newSecret.ShouldNotBe(secret);
    }

    /// <summary>Waits for keys other than <paramref name="notAccessKey"/>, reveals them with the page's form, and returns them.</summary>
    private async Task<(string Access, string Secret)> RevealAsync(string? notAccessKey)
    {
        await Eventually.TrueAsync(async () =>
        {
            var page = await PageAsync();
            return page.Contains("Show the secret key once", StringComparison.Ordinal) && (notAccessKey is null || !page.Contains(notAccessKey, StringComparison.Ordinal));
        }, "the keys were never issued");
        var (status, html) = await PostAsync("Reveal", []);
        status.ShouldBe(HttpStatusCode.OK);
        var secret = _rook.IssuedSecretKeys.Single(key => html.Contains($"<code>{key}</code>", StringComparison.Ordinal));
        var access = System.Text.RegularExpressions.Regex.Match(html, "<dt>Access key</dt><dd class=\"storage-key\">([A-Z0-9]{20})</dd>").Groups[1].Value;
        access.ShouldNotBeNullOrEmpty();
        return (access, secret);
    }

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
