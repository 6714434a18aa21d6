using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.KubeDouble.Auth;
using Nereid.Server.ClusterTrust;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Identity;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Provider.Keys;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>
/// Scheduled key rotation on a fake clock shared by the provider's keys and OpenIddict (sessions keep the real one):
/// every hour a new key signs, created and published ten minutes ahead; the old one stays published and accepted until
/// the longest-lived token it signed (refresh tokens, 30 minutes here) plus a minute of skew has expired, then leaves.
/// Checked at Nereid's own resource endpoint (userinfo) and at the API double's JWT authenticator configured with the
/// AuthenticationConfiguration Nereid renders, which refetches the JWKS when a token names an unknown key.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly DateTimeOffset _start;
    private readonly DatabaseOutage _outage = new();
    private KestrelNereidAppFactory _app = null!;

    public KeyRotationTests() => _start = _clock.GetUtcNow();

    public Task InitializeAsync()
    {
        _app = new KestrelNereidAppFactory(new StaticClusterConnections([]));
        _app.With("Nereid:Provider:AllowHttp", "true")
            .With("Nereid:Provider:KeyRotationInterval", "01:00:00")
            .With("Nereid:Provider:KeyRotationLeadTime", "00:10:00")
            .With("Nereid:Provider:KeyRotationRefreshInterval", "00:01:00")
            .With("Nereid:Provider:KeyRotationClockSkew", "00:01:00")
            .With("Nereid:Provider:AccessTokenLifetime", "00:10:00")
            .With("Nereid:Provider:IdentityTokenLifetime", "00:10:00")
            .With("Nereid:Provider:RefreshTokenLifetime", "00:30:00");
        _app.WithServices(services =>
        {
            services.RemoveAll<ProviderClock>();
            services.AddSingleton(new ProviderClock(_clock));
            services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = _clock);
            services.PostConfigure<OpenIddictCoreOptions>(o => o.TimeProvider = _clock);
            services.ConfigureDbContext<NereidDbContext>(o => o.AddInterceptors(_outage));
        });
        _app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Rotation_OldTokensValidUntilExpiry_NewTokensCarryNewKid_OldKeyLeavesJwksAfterRetention()
    {
        var flow = new ProviderFlow(_app);
        var client = await RegisterClusterClientAsync();
        var tokens = await SignInAsync(flow, client);
        var first = Kid(tokens.Id);
        (await SigningKidsAsync()).ShouldBe([first]);
        using var kube = new JwtAuthenticator(AuthenticationConfiguration.Load(await SnippetAsync(client.Id)), _clock);
        (await kube.AuthenticateAsync(tokens.Id, CancellationToken.None)).Error.ShouldBeNull("the double accepts the first token");

        // 51 minutes in: the leader has created the next key and every reader publishes it, but it does not sign yet.
        tokens = await RefreshAt(flow, client, tokens, TimeSpan.FromMinutes(25));
        AdvanceTo(TimeSpan.FromMinutes(51));
        await Eventually.TrueAsync(async () => (await SigningKidsAsync()).Count == 2, "the next key was never published");
        var second = (await SigningKidsAsync()).Single(k => k != first);
        var before = await RefreshAt(flow, client, tokens, TimeSpan.FromMinutes(51));
        Kid(before.Id).ShouldBe(first);
        Kid(before.Access).ShouldBe(first);

        // 60.5 minutes: the next key signs; the token signed at 51 minutes (expires at 61) is still accepted everywhere.
        AdvanceTo(TimeSpan.FromMinutes(60.5));
        var after = await RefreshAt(flow, client, before, TimeSpan.FromMinutes(60.5));
        Kid(after.Id).ShouldBe(second);
        Kid(after.Access).ShouldBe(second);
        (await flow.UserInfoAsync(before.Access)).Status.ShouldBe(HttpStatusCode.OK, "an access token of the old key before it expires");
        (await flow.UserInfoAsync(after.Access)).Status.ShouldBe(HttpStatusCode.OK);
        (await kube.AuthenticateAsync(before.Id, CancellationToken.None)).Error.ShouldBeNull();
        (await kube.AuthenticateAsync(after.Id, CancellationToken.None)).Error.ShouldBeNull("the double refetches the JWKS for the new kid");
        (await SigningKidsAsync()).ShouldBe([second, first], ignoreOrder: true);

        // 61.5 minutes: the old key's token has expired and is refused; the old key is still published (its refresh tokens live on).
        AdvanceTo(TimeSpan.FromMinutes(61.5));
        (await flow.UserInfoAsync(before.Access)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await kube.AuthenticateAsync(before.Id, CancellationToken.None)).Error.ShouldNotBeNull().ShouldContain("expired");
        (await SigningKidsAsync()).ShouldContain(first);

        // Retired at 60, retention 30 + 1 minutes: gone from the JWKS and the database after 91 minutes.
        AdvanceTo(TimeSpan.FromMinutes(91.5));
        await Eventually.TrueAsync(async () => !(await SigningKidsAsync()).Contains(first), "the old key is still published after its retention");
        await Eventually.TrueAsync(async () => !await KeyRowExistsAsync(first), "the old key's row was never pruned");
        (await SigningKidsAsync()).ShouldBe([second]);
        var last = await RefreshAt(flow, client, after, TimeSpan.FromMinutes(91.5), expectStatus: HttpStatusCode.BadRequest);
        last.Id.ShouldBeEmpty("the refresh token of 60.5 minutes expired at 90.5");
    }

    [Fact]
    public async Task Rotation_UnderLoad_EveryTokenValidatesAgainstTheJwksPublishedAtThatMoment()
    {
        var clientId = await RegisterServiceClientAsync();
        AdvanceTo(Interval - TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(async () => (await SigningKidsAsync()).Count == 2, "the next key was never published");
        var kids = await SigningKidsAsync();

        var early = Enumerable.Range(0, 32).Select(_ => TokenAndJwksAsync(clientId)).ToList();
        AdvanceTo(Interval + TimeSpan.FromSeconds(1));
        var late = Enumerable.Range(0, 32).Select(_ => TokenAndJwksAsync(clientId)).ToList();
        var all = await Task.WhenAll(early.Concat(late));

        var promoted = kids.Single(k => Kid(all[^1].Token) == k);
        foreach (var (token, jwks) in all)
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, Parameters(jwks));
            result.IsValid.ShouldBeTrue(result.Exception?.Message);
        }
        all.Skip(early.Count).ShouldAllBe(t => Kid(t.Token) == promoted, "every token requested after the promotion is signed by the new key");
        all.Select(t => Kid(t.Token)).ShouldAllBe(k => kids.Contains(k));
    }

    [Fact]
    public async Task DatabaseOutage_KeysStillPublishedAndPromotedFromTheCache()
    {
        AdvanceTo(TimeSpan.FromMinutes(51));
        await Eventually.TrueAsync(async () => (await SigningKidsAsync()).Count == 2, "the next key was never published");
        var cache = _app.Services.GetRequiredService<SigningKeyCache>();
        var current = cache.Signer(SigningKeyStore.SigningAlgorithm)!.Id;
        var next = (await SigningKidsAsync()).Single(k => k != current);

        _outage.Down = true;
        AdvanceTo(TimeSpan.FromMinutes(61));
        var refreshed = await cache.RefreshAsync(CancellationToken.None);
        var published = await SigningKidsAsync();
        var signer = cache.Signer(SigningKeyStore.SigningAlgorithm)!.Id;
        _outage.Down = false;

        refreshed.ShouldBeFalse("the database could not be read");
        _outage.Refused.ShouldBeGreaterThan(0);
        published.ShouldBe([next, current], ignoreOrder: true);
        signer.ShouldBe(next, "the next key, cached before the outage, signs from its promotion on");
    }

    /// <summary>Every database command fails while <see cref="Down"/> is set, as when the server is unreachable.</summary>
    private sealed class DatabaseOutage : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _refused;

        public volatile bool Down;

        public int Refused => Volatile.Read(ref _refused);

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Interlocked.Increment(ref _refused);
                throw new InvalidOperationException("database unreachable (test outage)");
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private void AdvanceTo(TimeSpan sinceStart)
    {
        var target = _start + sinceStart;
        if (target > _clock.GetUtcNow())
            _clock.Advance(target - _clock.GetUtcNow());
    }

    private async Task<Tokens> RefreshAt(ProviderFlow flow, ProviderFlow.Client client, Tokens tokens, TimeSpan at,
        HttpStatusCode expectStatus = HttpStatusCode.OK)
    {
        AdvanceTo(at);
        var (status, body) = await flow.RefreshAsync(client, tokens.Refresh);
        status.ShouldBe(expectStatus, body.ToString());
        return status == HttpStatusCode.OK ? Tokens.From(body) : new Tokens("", "", "");
    }

    private async Task<Tokens> SignInAsync(ProviderFlow flow, ProviderFlow.Client client)
    {
        var userName = "rot-" + Guid.NewGuid().ToString("N")[..6];
        await _app.CreatePersonAsync(userName, Tier.User);
        using var browser = await PageClient.SignInAsync(_app, userName, userName + "-password");
        var pkce = ProviderFlow.Pkce.Create();
        var code = await flow.CodeAsync(browser, client, "openid email profile offline_access", pkce);
        var (status, body) = await flow.RedeemAsync(client, code, pkce.Verifier);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return Tokens.From(body);
    }

    private async Task<ProviderFlow.Client> RegisterClusterClientAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = new ProviderFlow.Client("kubernetes-" + Guid.NewGuid().ToString("N")[..6], null);
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = client.Id,
            ClientType = ClientTypes.Public,
            DisplayName = "Kubernetes cluster",
            RedirectUris = { new Uri(ProviderFlow.RedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.Email, Permissions.Prefixes.Scope + Scopes.Profile,
            },
        });
        return client;
    }

    private async Task<string> RegisterServiceClientAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = "load",
            ClientSecret = "load-secret",
            ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        });
        return "load";
    }

    /// <summary>One client-credentials token, then the JWKS as published the moment it was received.</summary>
    private async Task<(string Token, string Jwks)> TokenAndJwksAsync(string clientId)
    {
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":load-secret")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var jwks = await http.GetStringAsync("/.well-known/jwks");
        return (JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!, jwks);
    }

    private TokenValidationParameters Parameters(string jwks) => new()
    {
        ValidIssuer = _app.BaseUrl + "/",
        ValidateAudience = false,
        IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
        ValidAlgorithms = ["RS256"],
        // Lifetimes on the provider's clock, which runs ahead of the wall clock here.
        LifetimeValidator = (notBefore, expires, _, _) =>
            (notBefore is null || notBefore <= _clock.GetUtcNow().UtcDateTime.AddMinutes(1)) && expires > _clock.GetUtcNow().UtcDateTime,
    };

    private async Task<List<string>> SigningKidsAsync()
    {
        using var http = _app.CreateClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks"));
        return [.. jwks.Keys.Where(k => k.Use == "sig").Select(k => k.Kid)];
    }

    private async Task<bool> KeyRowExistsAsync(string kid)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().ProviderSigningKeys.AnyAsync(k => k.Id == kid);
    }

    private async Task<string> SnippetAsync(string clientId)
    {
        using var http = _app.CreateClient();
        var issuer = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement.GetProperty("issuer").GetString()!;
        return AuthenticationConfigSnippet.Render(new ClusterTrustFacts("rotating", issuer, clientId, "email", "oidc:", "groups", "oidc:", null));
    }

    private static string Kid(string jwt) => new JsonWebToken(jwt).Kid;

    private sealed record Tokens(string Id, string Access, string Refresh)
    {
        public static Tokens From(JsonElement body) => new(body.GetProperty("id_token").GetString()!,
            body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }
}
