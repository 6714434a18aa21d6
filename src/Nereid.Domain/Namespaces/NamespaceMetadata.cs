namespace Nereid.Domain.Namespaces;

/// <summary>The editable description of a namespace, validated as a whole before anything is saved.</summary>
public sealed record NamespaceMetadata(
    string Institution,
    IReadOnlyList<string> Pis,
    IReadOnlyList<string> Grants,
    IReadOnlyList<string> Software,
    string Description,
    IReadOnlyList<string> Publications)
{
    public const int MaxInstitutionLength = 200;
    public const int MaxListItems = 20;
    public const int MaxItemLength = 200;
    public const int MaxPublications = 100;
    public const int MaxPublicationLength = 500;
    public const int MaxDescriptionLength = 20_000;

    /// <summary>Trims values, drops empty list entries, and checks every limit; throws one exception naming every broken rule.</summary>
    public static NamespaceMetadata Create(string? institution, IEnumerable<string?>? pis, IEnumerable<string?>? grants,
        IEnumerable<string?>? software, string? description, IEnumerable<string?>? publications)
    {
        var errors = new Dictionary<string, string[]>();
        var inst = (institution ?? "").Trim();
        if (inst.Length == 0)
            errors["institution"] = ["An institution is required."];
        else if (inst.Length > MaxInstitutionLength)
            errors["institution"] = [$"The institution has at most {MaxInstitutionLength} characters."];

        var piList = Clean(pis);
        if (piList.Count == 0)
            errors["pis"] = ["At least one PI is required."];
        CheckList("pis", "PI", piList, MaxListItems, MaxItemLength, errors);
        var grantList = Clean(grants);
        CheckList("grants", "grant", grantList, MaxListItems, MaxItemLength, errors);
        var softwareList = Clean(software);
        CheckList("software", "software entry", softwareList, MaxListItems, MaxItemLength, errors);
        var pubList = Clean(publications);
        CheckList("publications", "publication", pubList, MaxPublications, MaxPublicationLength, errors);
        var badPub = pubList.FirstOrDefault(p => !IsUrlOrDoi(p));
        if (badPub is not null && !errors.ContainsKey("publications"))
            errors["publications"] = [$"'{badPub}' is neither an http(s) URL nor a DOI (10.xxxx/…)."];

        var desc = (description ?? "").Replace("\r\n", "\n").Trim();
        if (desc.Length > MaxDescriptionLength)
            errors["description"] = [$"The description has at most {MaxDescriptionLength} characters; it has {desc.Length}."];

        if (errors.Count > 0)
            throw new Errors.ValidationFailedException(errors);
        return new NamespaceMetadata(inst, piList, grantList, softwareList, desc, pubList);
    }

    private static List<string> Clean(IEnumerable<string?>? values) =>
        (values ?? []).Select(v => (v ?? "").Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static void CheckList(string field, string noun, List<string> values, int maxItems, int maxLength, Dictionary<string, string[]> errors)
    {
        if (values.Count > maxItems)
            errors[field] = [$"At most {maxItems} {noun} values are allowed; {values.Count} were given."];
        else if (values.FirstOrDefault(v => v.Length > maxLength) is { } tooLong)
            errors[field] = [$"Each {noun} has at most {maxLength} characters; '{tooLong[..Math.Min(30, tooLong.Length)]}…' has {tooLong.Length}."];
    }

    private static bool IsUrlOrDoi(string value) =>
        (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        || System.Text.RegularExpressions.Regex.IsMatch(value, @"^(doi:)?10\.\d{4,9}/\S+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
