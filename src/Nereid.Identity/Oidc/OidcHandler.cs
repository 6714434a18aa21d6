using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Browser login with one OpenID provider: authorization code + PKCE (S256) + nonce, on top of the framework's
/// OAuth handler (which keeps state, PKCE verifier and our nonce inside the protected <c>state</c> and the
/// correlation cookie, so no server memory is involved and any replica can finish the login).
/// The callback exchanges the code, validates the ID token, merges userinfo, and signs an
/// <see cref="ExternalIdentity"/> principal into the configured sign-in scheme.
/// </summary>
internal sealed partial class OidcHandler(
    IOptionsMonitor<OidcHandlerOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    OidcIssuerRegistry registry,
    IdTokenValidator validator)
    : OAuthHandler<OidcHandlerOptions>(options, loggerFactory, encoder)
{
    internal const string NonceKey = ".nereid.nonce";
    private readonly ILogger _log = loggerFactory.CreateLogger<OidcHandler>();
    private OidcMetadata? _metadata;

    private OidcMetadataCache Cache => registry.FindByName(Options.IssuerName)
        ?? throw new InvalidOperationException($"OIDC issuer '{Options.IssuerName}' is not configured.");

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        try
        {
            _metadata = await Cache.GetAsync(Context.RequestAborted);
        }
        catch (OidcAuthenticationException ex)
        {
            LogChallengeFailed(_log, Options.IssuerName, ex.Code);
            Response.Redirect(OidcRemoteFailure.ErrorUrl(Options.ErrorPath, ex.Code));
            return;
        }
        properties.Items[NonceKey] = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await base.HandleChallengeAsync(properties);
    }

    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        // RFC 9207: when the provider names itself in the authorization response, it must be the issuer this
        // scheme talks to, or the code may belong to another provider (mix-up attack). Checked before the code
        // is sent anywhere.
        if (Request.Query.TryGetValue("iss", out var iss))
        {
            OidcMetadata metadata;
            try
            {
                metadata = await Cache.GetAsync(Context.RequestAborted);
            }
            catch (OidcAuthenticationException ex)
            {
                return HandleRequestResult.Fail(ex);
            }
            if (!string.Equals(iss.ToString(), metadata.Issuer, StringComparison.Ordinal))
            {
                return HandleRequestResult.Fail(new OidcAuthenticationException(OidcFailureCodes.CallbackIssuerMismatch,
                    $"the authorization response names issuer '{iss}', expected '{metadata.Issuer}'"));
            }
        }
        return await base.HandleRemoteAuthenticateAsync();
    }

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        // The base builds client_id, scope, redirect_uri, PKCE and the protected state (which now holds the nonce);
        // we only swap in the discovered endpoint and add the nonce parameter.
        var url = base.BuildChallengeUrl(properties, redirectUri);
        var query = QueryHelpers.ParseQuery(new Uri(url).Query);
        var parameters = query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        parameters["nonce"] = properties.Items[NonceKey];
        return QueryHelpers.AddQueryString(_metadata!.AuthorizationEndpoint, parameters);
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var metadata = await Cache.GetAsync(Context.RequestAborted);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = context.Code,
            ["redirect_uri"] = context.RedirectUri,
            ["client_id"] = Options.ClientId,
        };
        if (context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var verifier) && verifier is not null)
        {
            form[OAuthConstants.CodeVerifierKey] = verifier;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(Options.ClientSecret))
        {
            // client_secret_basic (RFC 6749 §2.3.1): each part form-encoded before base64.
            var raw = Uri.EscapeDataString(Options.ClientId) + ":" + Uri.EscapeDataString(Options.ClientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            LogTokenExchangeFailed(_log, Options.IssuerName, (int)response.StatusCode, ErrorField(body));
            return OAuthTokenResponse.Failed(new OidcAuthenticationException(OidcFailureCodes.TokenExchangeFailed,
                $"the provider refused the authorization code ({ErrorField(body)})"));
        }
        return OAuthTokenResponse.Success(JsonDocument.Parse(body));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var idToken = tokens.Response?.RootElement.TryGetProperty("id_token", out var t) == true ? t.GetString() : null;
        if (string.IsNullOrEmpty(idToken))
        {
            throw new OidcAuthenticationException(OidcFailureCodes.MissingIdToken, "the provider returned no ID token");
        }
        properties.Items.Remove(NonceKey, out var nonce);
        var result = await validator.ValidateIdTokenAsync(Options.IssuerName, idToken, nonce ?? "", Context.RequestAborted);
        if (!result.Succeeded)
        {
            throw new OidcAuthenticationException(result.FailureCode!, result.FailureMessage!);
        }
        var external = result.Identity!;
        var metadata = await Cache.GetAsync(Context.RequestAborted);
        using var userInfo = Options.CallUserInfo && metadata.UserInfoEndpoint is not null && tokens.AccessToken is not null
            ? await GetUserInfoAsync(metadata.UserInfoEndpoint, tokens.AccessToken)
            : null;
        if (userInfo is not null)
        {
            var merged = new Dictionary<string, string>(external.Claims, StringComparer.Ordinal);
            OidcClaimMapper.Merge(merged, userInfo.RootElement);
            // OIDC Core §5.3.2: userinfo for another subject must be discarded; we refuse the login.
            if (!merged.TryGetValue("sub", out var sub) || sub != external.Claims.GetValueOrDefault("sub"))
            {
                throw new OidcAuthenticationException(OidcFailureCodes.UserInfoMismatch, "userinfo describes another subject");
            }
            external = OidcClaimMapper.Map(registry.FindByName(Options.IssuerName)!.Issuer, external.Issuer, merged);
        }
        identity.AddClaims(external.ToClaims());
        var principal = new ClaimsPrincipal(identity);
        var context = new OAuthCreatingTicketContext(principal, properties, Context, Scheme, Options, Backchannel, tokens,
            userInfo?.RootElement ?? default);
        await Events.CreatingTicket(context);
        LogSignedIn(_log, Options.IssuerName, external.Subject);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    private async Task<JsonDocument> GetUserInfoAsync(string endpoint, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            throw new OidcAuthenticationException(OidcFailureCodes.ProviderError, $"userinfo returned {(int)response.StatusCode}");
        }
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted));
    }

    private static string ErrorField(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown" : "unknown";
        }
        catch (JsonException)
        {
            return "unreadable response";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC login with {IssuerName} could not start: {Code}")]
    private static partial void LogChallengeFailed(ILogger logger, string issuerName, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC code exchange with {IssuerName} failed: HTTP {Status} {Error}")]
    private static partial void LogTokenExchangeFailed(ILogger logger, string issuerName, int status, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC login with {IssuerName} succeeded for subject {Subject}")]
    private static partial void LogSignedIn(ILogger logger, string issuerName, string subject);
}
