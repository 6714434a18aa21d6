using System.Text.RegularExpressions;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Storage;

/// <summary>Name and label rules (SEMANTICS.md §5, §6) with the apiserver's messages.</summary>
public static partial class Names
{
    private const string GenerateAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Errors for a DNS-1123 label (namespaces and a few others).</summary>
    public static IEnumerable<string> ValidateLabel(string name)
    {
        if (name.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }
        if (!LabelRegex().IsMatch(name))
        {
            yield return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        }
    }

    /// <summary>Errors for a DNS-1123 subdomain (most object names).</summary>
    public static IEnumerable<string> ValidateSubdomain(string name)
    {
        if (name.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }
        if (!SubdomainRegex().IsMatch(name))
        {
            yield return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
    }

    /// <summary>Label key/value problems as (field, value, message) triples.</summary>
    public static IEnumerable<(string Field, string Value, string Message)> ValidateLabels(IEnumerable<KeyValuePair<string, string?>> labels)
    {
        foreach (var (key, value) in labels)
        {
            var slash = key.LastIndexOf('/');
            var name = slash >= 0 ? key[(slash + 1)..] : key;
            var prefix = slash >= 0 ? key[..slash] : null;
            if (name.Length is 0 or > 63 || !QualifiedNameRegex().IsMatch(name) || (prefix is not null && ValidateSubdomain(prefix).Any()))
            {
                yield return ($"metadata.labels", key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
            var v = value ?? "";
            if (v.Length > 63 || (v.Length > 0 && !QualifiedNameRegex().IsMatch(v)))
            {
                yield return ($"metadata.labels", v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
            }
        }
    }

    /// <summary>generateName: prefix cut to 58 chars plus 5 random characters from the server's alphabet.</summary>
    public static string Generate(string prefix)
    {
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GenerateAlphabet[Random.Shared.Next(GenerateAlphabet.Length)];
        }
        return prefix + new string(suffix);
    }

    public static ApiException InvalidName(Discovery.ResourceInfo r, string name, IEnumerable<string> problems) =>
        Errors.Invalid(r, name, [.. problems.Select(p => new Errors.Cause("FieldValueInvalid", $"Invalid value: \"{name}\": {p}", "metadata.name"))]);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNameRegex();
}
