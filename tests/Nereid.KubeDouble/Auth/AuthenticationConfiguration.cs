using System.Text;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Auth;

/// <summary>
/// The <c>jwt</c> part of kube-apiserver's structured authentication configuration
/// (<c>apiserver.config.k8s.io/v1</c> <c>AuthenticationConfiguration</c>, the <c>--authentication-config</c> file):
/// issuers whose JWTs are accepted and how their claims become a user name and groups. CEL expressions
/// (<c>expression</c> in mappings and rules, <c>userValidationRules</c>, <c>extra</c>) are not supported: a file that
/// uses them is refused at start with a message saying so, rather than half-honoured.
/// </summary>
public sealed record AuthenticationConfiguration(IReadOnlyList<JwtAuthenticatorConfig> Jwt)
{
    private static readonly string[] ApiVersions = ["apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v1beta1", "apiserver.config.k8s.io/v1alpha1"];

    /// <summary>Reads <paramref name="pathOrText"/>: a YAML/JSON file, or the YAML text itself. Throws <see cref="FormatException"/> naming the field.</summary>
    public static AuthenticationConfiguration Load(string pathOrText)
    {
        ArgumentNullException.ThrowIfNull(pathOrText);
        var text = pathOrText.Contains('\n', StringComparison.Ordinal) || !File.Exists(pathOrText) ? pathOrText : File.ReadAllText(pathOrText);
        JsonObject root;
        try
        {
            root = JsonIo.ParseObject(Encoding.UTF8.GetBytes(text), allowYaml: true);
        }
        catch (ApiException e)
        {
            throw new FormatException($"authentication configuration: {e.Message}", e);
        }
        return Parse(root);
    }

    /// <summary>Validates like the apiserver's <c>ValidateAuthenticationConfiguration</c> (the parts without CEL).</summary>
    public static AuthenticationConfiguration Parse(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["kind"]?.ToString() != "AuthenticationConfiguration" || !ApiVersions.Contains(root["apiVersion"]?.ToString()))
            throw new FormatException("authentication configuration: expected kind AuthenticationConfiguration in apiserver.config.k8s.io/v1");
        var entries = root["jwt"] as JsonArray ?? [];
        var jwt = entries.Select((e, i) => ParseJwt(e as JsonObject ?? throw Invalid($"jwt[{i}]", "must be an object"), $"jwt[{i}]")).ToList();
        var duplicate = jwt.GroupBy(j => j.IssuerUrl, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw Invalid("jwt[*].issuer.url", $"duplicate value \"{duplicate.Key}\"");
        return new AuthenticationConfiguration(jwt);
    }

    private static JwtAuthenticatorConfig ParseJwt(JsonObject entry, string path)
    {
        var issuer = entry["issuer"] as JsonObject ?? throw Invalid(path + ".issuer", "Required value");
        var url = ParseUrl(issuer["url"]?.ToString(), path + ".issuer.url");
        var discovery = issuer["discoveryURL"]?.ToString() is { Length: > 0 } d ? ParseUrl(d, path + ".issuer.discoveryURL") : null;
        if (discovery is not null && discovery == url)
            throw Invalid(path + ".issuer.discoveryURL", "must be different from issuer.url");
        var audiences = (issuer["audiences"] as JsonArray ?? []).Select(a => a?.ToString() ?? "").ToList();
        if (audiences.Count == 0 || audiences.Any(a => a.Length == 0))
            throw Invalid(path + ".issuer.audiences", "Required value: at least one non-empty audience");
        if (audiences.Distinct(StringComparer.Ordinal).Count() != audiences.Count)
            throw Invalid(path + ".issuer.audiences", "Duplicate value");
        var policy = issuer["audienceMatchPolicy"]?.ToString() ?? "";
        if (policy is not ("" or "MatchAny") || (audiences.Count > 1 && policy != "MatchAny"))
            throw Invalid(path + ".issuer.audienceMatchPolicy", "must be MatchAny when more than one audience is given");
        var mappings = entry["claimMappings"] as JsonObject ?? throw Invalid(path + ".claimMappings", "Required value");
        var username = Mapping(mappings["username"] as JsonObject, path + ".claimMappings.username", required: true)!;
        var groups = Mapping(mappings["groups"] as JsonObject, path + ".claimMappings.groups", required: false);
        // uid is accepted and not mapped (the double's users have no uid); extra mappings are CEL only.
        if (mappings["extra"] is JsonArray { Count: > 0 })
            throw Invalid(path + ".claimMappings.extra", "CEL mappings are not supported by the API double");
        if (entry["userValidationRules"] is JsonArray { Count: > 0 })
            throw Invalid(path + ".userValidationRules", "CEL rules are not supported by the API double");
        var rules = (entry["claimValidationRules"] as JsonArray ?? []).Select((r, i) => Rule(r as JsonObject, $"{path}.claimValidationRules[{i}]")).ToList();
        return new JwtAuthenticatorConfig(url, discovery, issuer["certificateAuthority"]?.ToString(), audiences, username, groups, rules);
    }

    private static ClaimMapping? Mapping(JsonObject? mapping, string path, bool required)
    {
        if (mapping?["expression"] is not null)
            throw Invalid(path + ".expression", "CEL expressions are not supported by the API double");
        var claim = mapping?["claim"]?.ToString() ?? "";
        if (claim.Length == 0)
            return required ? throw Invalid(path + ".claim", "Required value: claim or expression must be set") : null;
        // The apiserver makes the prefix explicit when a claim is mapped (it may be ""), so no implicit issuer# prefix.
        var prefix = mapping!["prefix"]?.ToString() ?? throw Invalid(path + ".prefix", "Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing");
        return new ClaimMapping(claim, prefix);
    }

    private static RequiredClaim Rule(JsonObject? rule, string path)
    {
        if (rule?["expression"] is not null)
            throw Invalid(path + ".expression", "CEL expressions are not supported by the API double");
        var claim = rule?["claim"]?.ToString() ?? "";
        if (claim.Length == 0)
            throw Invalid(path + ".claim", "Required value");
        return new RequiredClaim(claim, rule!["requiredValue"]?.ToString() ?? "");
    }

    private static string ParseUrl(string? value, string path)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            throw Invalid(path, "Required value: an absolute URL");
        // Simplification: the apiserver requires https; the double also accepts http on loopback, where test issuers listen.
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            throw Invalid(path, "URL scheme must be https");
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw Invalid(path, "URL must not contain a user name, query or fragment");
        return value!;
    }

    private static FormatException Invalid(string field, string detail) => new($"authentication configuration: {field}: Invalid value: {detail}");
}

/// <summary>One <c>jwt</c> entry: the issuer, its audiences, claim mappings and claim validation rules.</summary>
public sealed record JwtAuthenticatorConfig(
    string IssuerUrl, string? DiscoveryUrl, string? CertificateAuthority, IReadOnlyList<string> Audiences,
    ClaimMapping Username, ClaimMapping? Groups, IReadOnlyList<RequiredClaim> ClaimValidationRules);

/// <summary>A claim and the prefix put before its value(s).</summary>
public sealed record ClaimMapping(string Claim, string Prefix);

/// <summary>A <c>claimValidationRules</c> entry: the claim must be present and equal <paramref name="RequiredValue"/>.</summary>
public sealed record RequiredClaim(string Claim, string RequiredValue);
