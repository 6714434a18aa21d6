using Nereid.KubeDouble.Tables;

namespace Nereid.KubeDouble.Tests.Tables;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(200, "3m20s")]
    [InlineData(300, "5m")]
    [InlineData(15 * 60, "15m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(5 * 3600 + 10 * 60, "5h10m")]
    [InlineData(20 * 3600, "20h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(40 * 86400, "40d")]
    [InlineData(800 * 86400, "2y70d")]
    [InlineData(3000 * 86400, "8y")]
    public void Format_Seconds_MatchesApimachinery(long seconds, string expected) =>
        HumanDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "meta.k8s.io/v1")]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "meta.k8s.io/v1beta1")]
    [InlineData("application/json", null)]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io,application/json", null)]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", null)]
    [InlineData("", null)]
    public void Negotiate_AcceptHeader_PicksFirstServableTable(string accept, string? expected) =>
        TableAccept.Negotiate(accept).ShouldBe(expected);
}
