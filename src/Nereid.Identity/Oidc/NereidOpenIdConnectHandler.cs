using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Nereid.Identity.Oidc;

/// <summary>
/// The framework's OpenID Connect handler (code flow, PKCE, nonce, state, ID-token and userinfo validation) with three
/// additions it has no event for: a discovery failure at challenge time ends on the login page with its own code instead
/// of an exception; the RFC 9207 <c>iss</c> parameter of the authorization response is checked before the code is sent
/// anywhere; and the code is redeemed with <c>client_secret_basic</c>, the default method of dynamic registration
/// (RFC 7591) that providers enforce per client, where the framework only sends the secret in the form.
/// </summary>
internal sealed partial class NereidOpenIdConnectHandler(
    IOptionsMonitor<OpenIdConnectOptions> options,
    ILoggerFactory loggerFactory,
    HtmlEncoder htmlEncoder,
    UrlEncoder encoder,
    IOptions<NereidOidcOptions> nereidOptions)
    : OpenIdConnectHandler(options, loggerFactory, htmlEncoder, encoder)
{
    private readonly ILogger _log = loggerFactory.CreateLogger<NereidOpenIdConnectHandler>();

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        try
        {
            await Options.ConfigurationManager!.GetConfigurationAsync(Context.RequestAborted);
        }
        catch (OidcAuthenticationException ex)
        {
            LogChallengeFailed(_log, Scheme.Name, ex.Code);
            Response.Redirect(OidcRemoteFailure.ErrorUrl(nereidOptions.Value.ErrorPath, ex.Code));
            return;
        }
        await base.HandleChallengeAsync(properties);
    }

    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        // RFC 9207: when the provider names itself in the authorization response, it must be the issuer this scheme
        // talks to, or the code may belong to another provider (mix-up attack).
        if (Request.Query.TryGetValue("iss", out var iss))
        {
            OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await Options.ConfigurationManager!.GetConfigurationAsync(Context.RequestAborted);
            }
            catch (OidcAuthenticationException ex)
            {
                return HandleRequestResult.Fail(ex);
            }
            if (!string.Equals(iss.ToString(), configuration.Issuer, StringComparison.Ordinal))
            {
                return HandleRequestResult.Fail(new OidcAuthenticationException(OidcFailureCodes.CallbackIssuerMismatch,
                    $"the authorization response names issuer '{iss}', expected '{configuration.Issuer}'"));
            }
        }
        return await base.HandleRemoteAuthenticateAsync();
    }

    protected override async Task<OpenIdConnectMessage> RedeemAuthorizationCodeAsync(OpenIdConnectMessage tokenEndpointRequest)
    {
        ArgumentNullException.ThrowIfNull(tokenEndpointRequest);
        var secret = tokenEndpointRequest.ClientSecret;
        var form = tokenEndpointRequest.Parameters.Where(p => p.Key != OpenIdConnectParameterNames.ClientSecret).ToDictionary();
        var configuration = await Options.ConfigurationManager!.GetConfigurationAsync(Context.RequestAborted);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(secret))
        {
            // client_secret_basic (RFC 6749 §2.3.1): each part form-encoded before base64.
            var raw = Uri.EscapeDataString(Options.ClientId!) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        OpenIdConnectMessage? message = null;
        try
        {
            message = new OpenIdConnectMessage(body);
        }
        catch (ArgumentException)
        {
            // Not JSON: reported below with the status.
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (!response.IsSuccessStatusCode || message is null)
        {
            var error = message?.Error ?? "unreadable response";
            LogTokenExchangeFailed(_log, Scheme.Name, (int)response.StatusCode, error);
            throw new OidcAuthenticationException(OidcFailureCodes.TokenExchangeFailed, $"the provider refused the authorization code ({error})");
        }
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC login with {Scheme} could not start: {Code}")]
    private static partial void LogChallengeFailed(ILogger logger, string scheme, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC code exchange with {Scheme} failed: HTTP {Status} {Error}")]
    private static partial void LogTokenExchangeFailed(ILogger logger, string scheme, int status, string error);
}
