using System.Security.Cryptography;
using Nereid.Cli.Auth;

namespace Nereid.Cli.Tests.Auth;

public sealed class Sha256Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Hash_AnyLength_MatchesPlatformSha256(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Sha256.Hash(data).ShouldBe(SHA256.HashData(data));
    }
}
