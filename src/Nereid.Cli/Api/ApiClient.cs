using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nereid.Cli.Auth;

namespace Nereid.Cli.Api;

/// <summary>
/// Calls the Nereid REST API. Server: <c>--server</c>, else <c>NEREID_SERVER</c>, else <c>server</c> in
/// <c>~/.config/nereid/config.json</c>. Credential: <c>NEREID_TOKEN</c> (personal access token), else the cached OIDC
/// login (refreshed when needed). Errors (RFC 7807) become <see cref="CliException"/> "title: detail".
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    private ApiClient(HttpClient http) => _http = http;

    public static async Task<ApiClient> CreateAsync(CliEnvironment env, string? serverOption, CancellationToken cancellationToken)
    {
        var config = ReadConfig(env);
        var server = serverOption ?? env.GetVariable("NEREID_SERVER") ?? config?.Server
            ?? throw new CliException("no server: pass --server, set NEREID_SERVER, or put \"server\" in ~/.config/nereid/config.json");
        var token = env.GetVariable("NEREID_TOKEN") is { Length: > 0 } pat ? pat : await OidcTokenAsync(env, config, cancellationToken);
        var http = env.CreateHttpClient();
        http.BaseAddress = new Uri(server.TrimEnd('/') + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("nereid-cli", "1.0"));
        return new ApiClient(http);
    }

    private static CliConfigFile? ReadConfig(CliEnvironment env)
    {
        var configHome = env.GetVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x : Path.Combine(env.HomeDirectory, ".config");
        var path = Path.Combine(configHome, "nereid", "config.json");
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.CliConfigFile) : null;
    }

    /// <summary>
    /// The cached login's token. The access token when it is a JWT the API can validate; otherwise the ID token
    /// (many providers, like oidc-provider by default, issue opaque access tokens meant only for userinfo).
    /// </summary>
    private static async Task<string> OidcTokenAsync(CliEnvironment env, CliConfigFile? config, CancellationToken cancellationToken)
    {
        var cache = new TokenCache(env);
        var last = cache.ReadLastLogin();
        var issuer = config?.Issuer ?? last?.Issuer;
        var clientId = config?.ClientId ?? last?.ClientId;
        if (issuer is null || clientId is null)
        {
            throw new CliException("not logged in: run `nereid login --issuer <url> --client-id <id>` or set NEREID_TOKEN");
        }
        var path = cache.PathFor(issuer, clientId);
        var entry = cache.Read(path);
        if (!AuthTokenCommand.IsFresh(entry, env.Time))
        {
            entry = await AuthTokenCommand.RefreshUnderLockAsync(cache, path, issuer, clientId, entry, env, cancellationToken);
        }
        var accessIsJwt = entry!.AccessToken?.Count(c => c == '.') == 2
            && DateTimeOffset.FromUnixTimeSeconds(entry.AccessTokenExpiresAt) > env.Time.GetUtcNow();
        return accessIsJwt ? entry.AccessToken! : entry.IdToken!;
    }

    public async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken), type)
            ?? throw new CliException("the server sent an empty answer");
    }

    public async Task<string> GetStringAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<string> SendJsonAsync<T>(HttpMethod method, string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, type), Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>POST with no body (an action such as rotating keys); returns the answer's JSON.</summary>
    public async Task<T> PostJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, content: null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken), type)
            ?? throw new CliException("the server sent an empty answer");
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ProblemDetailsDto? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = JsonSerializer.Deserialize(body, CliJsonContext.Default.ProblemDetailsDto);
            }
            catch (JsonException)
            {
                problem = null;
            }
        }
        var title = problem?.Title ?? (response.StatusCode == HttpStatusCode.Unauthorized ? "Unauthorized" : response.ReasonPhrase ?? "Error");
        var detail = problem?.Detail ?? (response.StatusCode == HttpStatusCode.Unauthorized
            ? "log in again with `nereid login` or check NEREID_TOKEN"
            : $"HTTP {(int)response.StatusCode}");
        throw new CliException($"{title}: {detail}");
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    public void Dispose() => _http.Dispose();
}
