using Nereid.Cli.Api;
using Nereid.Cli.Commands;

namespace Nereid.Cli.Tests.Api;

public sealed class S3ProfilesTests
{
    private static readonly S3CredentialsDto First =
        new("astro", "west", "astro-1a2b3c", "Ready", "AKEXAMPLE", "SECRETEXAMPLE", true, "http://rook-ceph-rgw-my-store.rook-ceph.svc:8080");

    [Fact]
    public void Render_Rclone_RemoteOfTypeS3ForCeph()
    {
        S3Profiles.Render("rclone", "astro", First).ShouldBe([
            "[nereid-astro]", "type = s3", "provider = Ceph", "access_key_id = AKEXAMPLE", "secret_access_key = SECRETEXAMPLE",
            "endpoint = http://rook-ceph-rgw-my-store.rook-ceph.svc:8080",
        ]);
    }

    [Fact]
    public void Render_S3cmd_HostWithoutSchemeAndHttpsFromTheEndpoint()
    {
        S3Profiles.Render("s3cmd", "astro", First).ShouldBe([
            "[default]", "access_key = AKEXAMPLE", "secret_key = SECRETEXAMPLE",
            "host_base = rook-ceph-rgw-my-store.rook-ceph.svc:8080", "host_bucket = rook-ceph-rgw-my-store.rook-ceph.svc:8080", "use_https = False",
        ]);
        S3Profiles.Render("s3cmd", "astro", First with { Endpoint = "https://s3.example.edu" }).ShouldContain("host_base = s3.example.edu");
        S3Profiles.Render("s3cmd", "astro", First with { Endpoint = "https://s3.example.edu" }).ShouldContain("use_https = True");
    }

    [Fact]
    public void Render_SecretAlreadyShown_NoSecretLineInAnyFormat()
    {
        var later = First with { SecretKey = null };

        foreach (var format in S3Profiles.Formats)
        {
            var text = string.Join('\n', S3Profiles.Render(format, "astro", later));
            text.ShouldContain("AKEXAMPLE");
            text.ToLowerInvariant().ShouldNotContain("secret");
        }
    }
}
