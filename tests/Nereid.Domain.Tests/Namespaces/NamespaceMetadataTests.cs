using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;

namespace Nereid.Domain.Tests.Namespaces;

public sealed class NamespaceMetadataTests
{
    [Fact]
    public void Create_TrimsAndDropsEmptyEntries()
    {
        var m = NamespaceMetadata.Create("  UCSD ", ["Dr. A", " ", "Dr. A", "Dr. B "], null, ["R"], " text ", ["10.1000/xyz", "https://example.edu/p"]);
        m.Institution.ShouldBe("UCSD");
        m.Pis.ShouldBe(["Dr. A", "Dr. B"]);
        m.Grants.ShouldBeEmpty();
        m.Description.ShouldBe("text");
        m.Publications.Count.ShouldBe(2);
    }

    [Fact]
    public void Create_SeveralBrokenRules_AllNamedAtOnce()
    {
        var e = Should.Throw<ValidationFailedException>(() =>
            NamespaceMetadata.Create("", [], null, null, new string('x', NamespaceMetadata.MaxDescriptionLength + 1), ["ftp://nope"]));
        e.Errors.Keys.ShouldBe(["institution", "pis", "publications", "description"], ignoreOrder: true);
    }

    [Fact]
    public void Touch_BumpsVersionAndRefreshesSearchText()
    {
        var ns = new NereidNamespace { Name = "ocean-lab", Version = 3 };
        ns.ApplyMetadata(NamespaceMetadata.Create("UC San Diego", ["Dr. Marine"], null, ["PyTorch"], "Currents", null));
        ns.Touch(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        ns.Version.ShouldBe(4);
        ns.SearchText.ShouldContain("pytorch");
        ns.SearchText.ShouldContain("uc san diego");
    }
}
