using Nereid.Kubernetes.Models;
using Nereid.Server.Federation;

namespace Nereid.Server.Tests.Federation;

public sealed class TokenTimesTests
{
    private static readonly FederationPlan Plan = new("astro", "west",
        [new FederationTarget("east", new Uri("https://east.example:6443"), "", "token-east")]);

    [Fact]
    public void Read_SecretWrittenWithTimes_GivesBackTheTokenAndItsTimes()
    {
        var secret = AdmiraltyObjects.Build(Plan).Single(o => o.Type.Kind == "Secret").Object;
        var issued = new IssuedToken("token-east", new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 21, 0, 0, TimeSpan.Zero));
        TokenTimes.Write(secret, issued);
        var observed = Roundtrip(secret);

        TokenTimes.Read(observed).ShouldBe(issued);
    }

    [Fact]
    public void Read_SecretWithoutTimes_Null()
    {
        var secret = AdmiraltyObjects.Build(Plan).Single(o => o.Type.Kind == "Secret").Object;

        TokenTimes.Read(Roundtrip(secret)).ShouldBeNull();
    }

    [Fact]
    public void Stamp_SameDesiredBodyTwice_SameHashAndAnotherTokenChangesIt()
    {
        var first = FederationStamp.Stamp(AdmiraltyObjects.Build(Plan).Single(o => o.Type.Kind == "Secret").Object);
        var again = FederationStamp.Stamp(AdmiraltyObjects.Build(Plan).Single(o => o.Type.Kind == "Secret").Object);
        var rotated = FederationStamp.Stamp(AdmiraltyObjects.Build(Plan with { Targets = [Plan.Targets[0] with { Token = "token-2" }] })
            .Single(o => o.Type.Kind == "Secret").Object);

        again.ShouldBe(first);
        rotated.ShouldNotBe(first);
    }

    [Fact]
    public void Matches_ObservedWithoutManagedFields_FalseSoItIsApplied()
    {
        var secret = AdmiraltyObjects.Build(Plan).Single(o => o.Type.Kind == "Secret").Object;
        var hash = FederationStamp.Stamp(secret);

        FederationStamp.Matches(Roundtrip(secret), hash).ShouldBeFalse();
        FederationStamp.Matches(null, hash).ShouldBeFalse();
    }

    private static UnstructuredObject Roundtrip(KubeObject obj) =>
        System.Text.Json.JsonSerializer.Deserialize<UnstructuredObject>(AdmiraltyObjects.ToJson(obj).ToJsonString(), KubeJson.Options)!;
}
