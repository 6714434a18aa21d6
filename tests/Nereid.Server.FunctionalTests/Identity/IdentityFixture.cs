using System.IdentityModel.Tokens.Jwt;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Rbac;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Server.Clusters;
using Nereid.TestSupport.Oidc;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>
/// Two configured OpenID providers (campus, partner), one the server does not trust (stranger), headless Chromium,
/// a Kubernetes API double that accepts the campus provider's ID tokens for the CLI client, and the server on Kestrel.
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public const string ClusterName = "double";

    private KubeClient? _kubeClient;

    public OidcProviderServer Campus { get; private set; } = null!;
    public OidcProviderServer Partner { get; private set; } = null!;
    public OidcProviderServer Stranger { get; private set; } = null!;
    public OidcBrowser Browser { get; private set; } = null!;
    public KubeApiDouble Kube { get; private set; } = null!;
    public KestrelNereidAppFactory App { get; private set; } = null!;

    /// <summary>Tokens the double's authenticator accepted (signature, issuer, audience and lifetime checked).</summary>
    public ConcurrentBag<string> AcceptedKubeTokens { get; } = [];

    public async Task InitializeAsync()
    {
        var browser = OidcBrowser.LaunchAsync();
        // The first start may run npm install; the others wait so they do not install into the same folder at once.
        Campus = await OidcProviderServer.StartAsync(new OidcProviderServerOptions { PortalCallbackPaths = ["/signin-oidc/campus"] });
        var partner = OidcProviderServer.StartAsync(new OidcProviderServerOptions { PortalCallbackPaths = ["/signin-oidc/partner"] });
        var stranger = OidcProviderServer.StartAsync();
        Partner = await partner;
        Stranger = await stranger;
        Browser = await browser;

        var keys = await FetchSigningKeysAsync(Campus.Issuer);
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            // Authentication is what is under test; RBAC for OIDC users is the reconcilers' business.
            EnforceRbac = false,
            Authenticator = token => Authenticate(token, keys),
        }, CancellationToken.None);
        _kubeClient = new KubeClient(new KubeClusterConnection { Server = Kube.BaseAddress }, new KubernetesClientOptions(), TimeProvider.System,
            NullLogger<KubeClient>.Instance);
        var cluster = new ConnectedCluster(ClusterName, _kubeClient,
            new ClusterPublicInfo(Kube.BaseAddress.ToString().TrimEnd('/'), Kube.CaCertificatePem, OidcProviderServer.CliClientId, "test-region"));

        App = new KestrelNereidAppFactory(new StaticClusterConnections([cluster]));
        Configure(App, 0, "campus", "Campus SSO", Campus.Issuer);
        Configure(App, 1, "partner", "Partner University", Partner.Issuer);
        // The partner's session outlives a sign-out from Nereid (the operator's choice), the campus one does not.
        App.With("Nereid:Identity:Oidc:Issuers:1:SignOutUpstream", "false");
        App.With("Nereid:CliDownloads:Directory", CliDownloads.PublishedCli.Directory);
        // Nereid's own provider answers on this loopback http port too (its relying parties in ChainedEndSessionTests).
        App.With("Nereid:Provider:AllowHttp", "true");
        App.Start();
    }

    private static void Configure(KestrelNereidAppFactory app, int index, string name, string display, string authority)
    {
        var prefix = $"Nereid:Identity:Oidc:Issuers:{index}:";
        app.With(prefix + "Name", name)
            .With(prefix + "DisplayName", display)
            .With(prefix + "Authority", authority)
            .With(prefix + "ClientId", OidcProviderServer.PortalClientId)
            .With(prefix + "ClientSecret", OidcProviderServer.PortalClientSecret)
            .With(prefix + "Audiences:0", OidcProviderServer.CliClientId)
            // The test provider, like CILogon, releases idp_name and affiliation only for this scope.
            .With(prefix + "Scopes:0", "openid").With(prefix + "Scopes:1", "profile").With(prefix + "Scopes:2", "email")
            .With(prefix + "Scopes:3", "org.cilogon.userinfo");
    }

    private static async Task<IList<SecurityKey>> FetchSigningKeysAsync(string issuer)
    {
        using var http = new HttpClient();
        var discovery = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(issuer + "/.well-known/openid-configuration"));
        var jwks = new JsonWebKeySet(await http.GetStringAsync(discovery.RootElement.GetProperty("jwks_uri").GetString()));
        return jwks.GetSigningKeys();
    }

    /// <summary>What kube-apiserver's <c>--oidc-*</c> flags do: verify the ID token and name the user <c>oidc:&lt;sub&gt;</c>.</summary>
    private UserInfo? Authenticate(string token, IList<SecurityKey> keys)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Campus.Issuer,
            ValidAudience = OidcProviderServer.CliClientId,
            IssuerSigningKeys = keys,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        try
        {
            var principal = new JwtSecurityTokenHandler { MapInboundClaims = false }.ValidateToken(token, parameters, out _);
            AcceptedKubeTokens.Add(token);
            return new UserInfo("oidc:" + principal.FindFirst("sub")!.Value, ["system:authenticated"]);
        }
        catch (SecurityTokenException)
        {
            return null;
        }
    }

    public async Task DisposeAsync()
    {
        // Null-safe: a failed InitializeAsync leaves some parts unset.
        if (App is not null)
            await App.DisposeAsync();
        _kubeClient?.Dispose();
        foreach (var disposable in new IAsyncDisposable?[] { Kube, Browser, Campus, Partner, Stranger })
        {
            if (disposable is not null)
                await disposable.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityFixture>
{
    public const string Name = "server-identity";
}
