using Nereid.Domain.People;

namespace Nereid.Domain.Tests.People;

public class PosixUserNamesTests
{
    [Theory]
    [InlineData("jdoe@ucsd.edu", "jdoe")]
    [InlineData("Jane.Doe@psi.ch", "jane.doe")]
    [InlineData("  j+doe!@x.org ", "jdoe")]
    [InlineData("42user@x.org", "_42user")]
    [InlineData("-.abc@x", "abc")]
    public void FromClaim_EppnOrEmail_TakesCleanedLocalPart(string claim, string expected) =>
        PosixUserNames.FromClaim(claim).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@ucsd.edu")]
    [InlineData("Ωμέγα@x.org")]
    public void FromClaim_NothingUsable_ReturnsNull(string? claim) => PosixUserNames.FromClaim(claim).ShouldBeNull();

    [Fact]
    public void FromClaim_LongLocalPart_CutToLimit()
    {
        var name = PosixUserNames.FromClaim(new string('a', 50) + "@x.org");

        name!.Length.ShouldBe(PosixAccount.MaxUserNameLength);
        PosixUserNames.IsValid(name).ShouldBeTrue();
    }

    [Fact]
    public void MakeUnique_TakenNames_AppendsFirstFreeNumber()
    {
        var taken = new HashSet<string> { "jdoe", "jdoe2" };

        PosixUserNames.MakeUnique("jdoe", taken.Contains).ShouldBe("jdoe3");
        PosixUserNames.MakeUnique("free", taken.Contains).ShouldBe("free");
    }

    [Fact]
    public void MakeUnique_FullLengthName_CutsStemToFitSuffix()
    {
        var full = new string('b', PosixAccount.MaxUserNameLength);

        var unique = PosixUserNames.MakeUnique(full, n => n == full);

        unique.ShouldBe(new string('b', PosixAccount.MaxUserNameLength - 1) + "2");
    }

    [Fact]
    public void Assign_InvalidName_Throws() =>
        Should.Throw<ArgumentException>(() => PosixAccount.Assign(Guid.NewGuid(), "Bad Name", 1000, PosixNameSource.Claim, DateTime.UtcNow));

    [Fact]
    public void Assigned_PrefixAndUid_IsValidName() => PosixUserNames.IsValid(PosixUserNames.Assigned("u", 200001)).ShouldBeTrue();
}
