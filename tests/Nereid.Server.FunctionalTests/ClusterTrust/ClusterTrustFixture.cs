using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.ClusterTrust;

/// <summary>
/// A Kubernetes API double with RBAC on, connected to Nereid (on Kestrel, so the double and the CLI reach its issuer
/// over HTTP) as cluster <see cref="ClusterName"/>, whose OpenID client <see cref="ClientId"/> is registered in Nereid
/// as a public client. The double is configured with the AuthenticationConfiguration Nereid publishes for it.
/// </summary>
public sealed class ClusterTrustFixture : IAsyncLifetime
{
    public const string ClusterName = "trusting";
    public const string ClientId = "kubernetes-trusting";

    private KubeClient? _nereidClient;

    public KubeApiDouble Kube { get; private set; } = null!;
    public KestrelNereidAppFactory App { get; private set; } = null!;

    /// <summary>The snippet Nereid published, as the double was given it.</summary>
    public string AuthenticationConfig { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var options = new KubeDoubleOptions();
        options.SeedObjects.Add(JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nereid-system"}}""")!.AsObject());
        Kube = await KubeApiDouble.StartAsync(options, CancellationToken.None);
        _nereidClient = ClusterAppFactory.ClientFor(Kube, KubeDoubleOptions.DefaultAdminToken, 8);
        var cluster = new ConnectedCluster(ClusterName, _nereidClient,
            new ClusterPublicInfo(Kube.BaseAddress.ToString().TrimEnd('/'), Kube.CaCertificatePem, ClientId, "test-region"));
        App = new KestrelNereidAppFactory(new StaticClusterConnections([cluster]));
        App.With("Nereid:Provider:AllowHttp", "true")
            .With("Nereid:Reconciler:DatabasePollInterval", "00:00:00.100");
        App.Start();
        await RegisterClusterClientAsync();
        var admin = await App.ClientForAsync(await App.AdminAsync());
        using var response = await admin.GetAsync($"/api/v1/clusters/{ClusterName}/authentication-config");
        AuthenticationConfig = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        Kube.ConfigureAuthentication(AuthenticationConfig);
    }

    /// <summary>The cluster's client, as a platform admin registers it: public, code + PKCE and refresh, the groups scope.</summary>
    private async Task RegisterClusterClientAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Kubernetes cluster " + ClusterName,
            RedirectUris = { new Uri(Provider.ProviderFlow.RedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.Email, Permissions.Prefixes.Scope + Scopes.Profile, Permissions.Prefixes.Scope + "groups",
            },
        };
        await applications.CreateAsync(descriptor);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
            await App.DisposeAsync();
        _nereidClient?.Dispose();
        if (Kube is not null)
            await Kube.DisposeAsync();
    }
}
