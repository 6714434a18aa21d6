using Nereid.Server.Storage.S3;

namespace Nereid.Server.Tests.Storage;

public sealed class SigV4Tests
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void Authorization_AwsGetObjectExample_GivesTheDocumentedSignature()
    {
        // The "GET Object" example of Amazon S3's Signature Version 4 documentation (header-based authentication).
        var headers = new Dictionary<string, string>
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["Range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = SigV4.EmptyPayloadHash,
            ["x-amz-date"] = "20130524T000000Z",
        };

        var value = SigV4.Authorization("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), headers, "us-east-1", AccessKey, SecretKey);

        value.ShouldBe("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    [Fact]
    public void Authorization_QueryInAnotherOrder_SignsTheSameCanonicalRequest()
    {
        var headers = new Dictionary<string, string>
        {
            ["host"] = "rgw.example:8080",
            ["x-amz-content-sha256"] = SigV4.EmptyPayloadHash,
            ["x-amz-date"] = SigV4.AmzDate(new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero)),
        };

        var a = SigV4.Authorization("GET", new Uri("http://rgw.example:8080/admin/user?uid=lab-1a2b3c&stats=true"), headers, "us-east-1", AccessKey, SecretKey);
        var b = SigV4.Authorization("GET", new Uri("http://rgw.example:8080/admin/user?stats=true&uid=lab-1a2b3c"), headers, "us-east-1", AccessKey, SecretKey);
        var other = SigV4.Authorization("GET", new Uri("http://rgw.example:8080/admin/user?uid=lab-000000&stats=true"), headers, "us-east-1", AccessKey, SecretKey);

        a.ShouldBe(b);
        a.ShouldNotBe(other);
        a.ShouldContain("/20261203/us-east-1/s3/aws4_request");
    }
}
